// native/cli/main.cpp — `seam`: the command-line front of the shared core.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.hpp"
#include "seam/core/version.hpp"

namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const seam::cli::Args&);
};

const Command kCommands[] = {
    {"normalize", "print the matching form of TEXT (or of each stdin line)",
     seam::cli::CmdNormalize},
    {"tokenize", "print the tokens of TEXT with byte offsets, as JSON lines",
     seam::cli::CmdTokenize},
    {"eval", "train on DIR/train.jsonl, evaluate on DIR/test.jsonl, print metrics",
     seam::cli::CmdEval},
    {"train", "train an intent model on JSON Lines files, write it to a file", seam::cli::CmdTrain},
    {"predict", "print the intent decision for TEXT with a trained model", seam::cli::CmdPredict},
    {"kb", "answer QUESTION from the knowledge base (ranked passages)", seam::cli::CmdKb},
    {"check", "check flow files (references, reachability, slots, actions)", seam::cli::CmdCheck},
    {"test", "run conversation tests (*.conv) headless against the demo business",
     seam::cli::CmdTest},
    {"kpis", "KPIs (resolution, FCR, CSAT, containment...) from seamd's store or an event log",
     seam::cli::CmdKpis},
    {"bundle", "write the widget's bundle (flows, knowledge base, small intent model) as JSON",
     seam::cli::CmdBundle},
    {"eval-understanding",
     "score the product's understanding on customer-written messages (tests/eval/*.jsonl)",
     seam::cli::CmdEvalUnderstanding},
#ifdef SEAM_CLI_STORE  // native only: it runs seamd's service over a throwaway store
    {"simulate", "run the demo shop's customers through simulated days; proactive KPIs",
     seam::cli::CmdSimulate},
    {"export", "write a running seamd's published content (flows, articles...) as files",
     seam::cli::CmdExport},
    {"import", "publish content files (flows, articles, triggers, replies) to a running seamd",
     seam::cli::CmdImport},
#endif
};

void PrintUsage(std::FILE* out) {
    std::fprintf(out,
                 "usage: seam <command> [args]\n"
                 "       seam --version | --help\n\n"
                 "commands:\n");
    for (const Command& c : kCommands)
        std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
    std::fprintf(out, "\nRun `seam <command> --help` for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        PrintUsage(stderr);
        return 2;
    }
    const std::string first = argv[1];
    if (first == "--version" || first == "version") {
        std::printf("seam %s (%s)\n", std::string(seam::Version()).c_str(),
                    std::string(seam::CompilerName()).c_str());
        return 0;
    }
    if (first == "--help" || first == "-h" || first == "help") {
        PrintUsage(stdout);
        return 0;
    }
    for (const Command& c : kCommands) {
        if (first == c.name) return c.run(seam::cli::Args(argv + 2, argv + argc));
    }
    std::fprintf(stderr, "seam: unknown command '%s'\n\n", first.c_str());
    PrintUsage(stderr);
    return 2;
}
