// tests/fuzz/fuzz_intent_model.cpp — the intent model file ("SEAMINTM" v1, CRC-32 checked), as
// `seam train` writes it and seamd, the CLI and the widget bundle read it. A model that loads
// must predict: a few messages through it (features, weights, calibration all come from the file).
//
// Input: one model file. Each input is tried twice: as it is (magic, version, length and checksum
// paths), then with its length and checksum fields rewritten to fit its payload, so mutations of
// the payload reach the parser behind the checksum instead of stopping at it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "seam/core/binary.hpp"
#include "seam/core/hash.hpp"

namespace {

constexpr std::string_view kMagic = "SEAMINTM";
constexpr std::size_t kHeader = 8 + 4 + 4 + 4;  // magic, version, payload length, CRC-32

void Try(std::string_view bytes) {
    seam::Result<seam::nlu::IntentModel> model = seam::nlu::IntentModel::Deserialize(bytes);
    if (!model) {
        SEAM_FUZZ_CHECK(model.error().id.rfind("seam.model.", 0) == 0,
                        "a refused model names a seam.model error");
        return;
    }
    for (const char* text :
         {"where is my order LW-104233?", "quiero devolver unas botas", "", "\xff\xfe refund?!"}) {
        const seam::nlu::Prediction p = model->Predict(text, 3);
        SEAM_FUZZ_CHECK(p.ranked.size() <= 3, "top_k bounds the ranking");
    }
    // What is saved loads again, to the same model (the bundle re-encodes models). Not the same
    // bytes as the input: a flag byte of 2 reads as true and saves as 1.
    const std::string saved = model->Serialize();
    seam::Result<seam::nlu::IntentModel> reloaded = seam::nlu::IntentModel::Deserialize(saved);
    SEAM_FUZZ_CHECK(reloaded, "a saved model loads");
    SEAM_FUZZ_CHECK(reloaded->Serialize() == saved, "save, load, save gives the same bytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    Try(bytes);
    if (size < kHeader || bytes.substr(0, kMagic.size()) != kMagic) return 0;
    const std::string_view payload = bytes.substr(kHeader);
    seam::ByteWriter fixed;
    fixed.Raw(bytes.substr(0, 12));
    fixed.U32(static_cast<std::uint32_t>(payload.size()));
    fixed.U32(seam::Crc32(payload));
    fixed.Raw(payload);
    const std::string repaired = fixed.Take();
    if (repaired != bytes) Try(repaired);
    return 0;
}
