// native/cli/commands.hpp — the subcommands of the `seam` CLI, one function each.
// Each takes the arguments after the subcommand name and returns the process exit code
// (0 success, 1 failure of the work, 2 usage error).
#pragma once

#include <string>
#include <vector>

namespace seam::cli {

using Args = std::vector<std::string>;

int CmdNormalize(const Args& args);
int CmdTokenize(const Args& args);
int CmdEval(const Args& args);
int CmdTrain(const Args& args);
int CmdPredict(const Args& args);
int CmdKb(const Args& args);
int CmdCheck(const Args& args);
int CmdTest(const Args& args);
int CmdKpis(const Args& args);
int CmdBundle(const Args& args);
int CmdEvalUnderstanding(const Args& args);
#ifdef SEAM_CLI_STORE
int CmdSimulate(const Args& args);  //!< native only (cmd_simulate.cpp)
int CmdExport(const Args& args);    //!< native only (cmd_content.cpp): seamd over HTTP
int CmdImport(const Args& args);
#endif

}  // namespace seam::cli
