// shared/include/seam/nlu/intent_model.hpp — intent classification that knows when it does not
// know.
//
//   examples --Train--> IntentModel --Calibrate(val)--> thresholds --Predict(text)--> Prediction
//                            |  ^
//                   Serialize  Deserialize   (versioned binary, CRC-32 checked)
//
// The model is a linear classifier over TF-IDF weighted hashed features (features.hpp): one-vs-rest
// squared hinge by default (as LinearSVC; logistic loss is an option), trained by averaged SGD in
// deterministic order with deterministic arithmetic, then pruned and quantised to int8. Scores
// become probabilities by a softmax at a temperature fitted on validation data. Predictions always
// use the quantised weights, so a model behaves the same before and after a save/load, natively and
// in WebAssembly.
//
// Out of scope: a message is out of scope when the "oos" class wins (if the training data has
// one), when little of it was ever seen in training (coverage below `min_coverage`), or when the
// best in-scope confidence times the coverage is below `oos_threshold`. Ambiguous: the two best
// intents are both plausible and close (second >= ambiguity_ratio * first).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seam/core/result.hpp"
#include "seam/nlu/dataset.hpp"
#include "seam/nlu/features.hpp"

namespace seam::nlu {

enum class Loss { kLogistic, kSquaredHinge };

struct TrainOptions {
    Loss loss = Loss::kSquaredHinge;
    FeatureOptions features;
    int epochs = 20;
    float learning_rate = 0.1f;
    float l2 = 1e-5f;
    std::uint64_t seed = 1042;
    std::size_t min_df = 1;    //!< drop features seen in fewer training examples
    float prune_below = 1.5f;  //!< drop quantised weights with |q| below this (of 127)
    bool average = true;       //!< average the weights of the second half of the epochs
};

struct IntentScore {
    std::string intent;
    float confidence = 0;  //!< calibrated probability
};

struct Prediction {
    std::vector<IntentScore> ranked;  //!< best first, in-scope intents only
    bool out_of_scope = false;
    bool ambiguous = false;
    //! The decision: ranked[0].intent, or "oos" when out of scope (or nothing to rank).
    std::string intent;
    //! Share (0..1) of the message's TF-IDF weight made of features seen in training; gibberish
    //! and foreign-language text score low.
    float coverage = 0;
};

struct Calibration {
    float temperature = 1.0f;      //!< logits are divided by this before the softmax
    float oos_threshold = 0.0f;    //!< best confidence * coverage below this -> out of scope
    float ambiguity_ratio = 0.6f;  //!< second >= ratio * first -> ambiguous
    float ambiguity_floor = 0.2f;  //!< ... and the second is at least this confident
    float min_coverage = 0.2f;     //!< coverage below this -> out of scope (gibberish)
};

class IntentModel {
  public:
    IntentModel() = default;

    //! Trains on `examples` (label "oos" marks out-of-scope examples). Errors: seam.model.empty.
    static Result<IntentModel> Train(const std::vector<Example>& examples,
                                     const TrainOptions& options = {});

    //! Chooses the temperature and the out-of-scope threshold on held-out `validation` data:
    //! the threshold still answers `target_in_scope_recall` of the validation messages the
    //! model gets right (the rest of the budget goes to "not sure"). See the .cpp for why.
    void Calibrate(const std::vector<Example>& validation, float target_in_scope_recall = 0.99f);

    //! Ranked intents (at most `top_k`) and the decisions. Any bytes are accepted.
    Prediction Predict(std::string_view text, std::size_t top_k = 5) const;

    //! Versioned binary form ("SEAMINTM" v1, CRC-32 over the payload).
    std::string Serialize() const;

    //! Parses Serialize()'s output; a corrupt, truncated or foreign file is refused with a
    //! clear error (seam.model.magic, .version, .checksum, .truncated, .invalid).
    static Result<IntentModel> Deserialize(std::string_view bytes);

    const std::vector<std::string>& intents() const { return intents_; }
    bool has_oos_class() const { return oos_index_ >= 0; }
    const Calibration& calibration() const { return calibration_; }
    void set_calibration(const Calibration& c) { calibration_ = c; }
    std::size_t feature_count() const { return feature_ids_.size(); }
    std::size_t weight_count() const { return entry_class_.size(); }

    //! Raw logits per intent (index as in intents()), before temperature; for calibration/tests.
    std::vector<float> Logits(std::string_view text) const;
    //! As Logits(); also reports the coverage (see Prediction::coverage).
    std::vector<float> Logits(std::string_view text, float* coverage) const;

  private:
    Prediction Decide(const std::vector<float>& logits, float coverage, std::size_t top_k) const;

    FeatureOptions features_;
    std::vector<std::string> intents_;  // sorted; includes "oos" when trained with it
    int oos_index_ = -1;
    Calibration calibration_;
    float unknown_idf_ = 1.0f;                // idf of a feature never seen in training
    std::vector<std::uint32_t> feature_ids_;  // sorted
    std::vector<std::uint16_t> idf_q_;        // idf * kIdfScale
    std::vector<std::uint32_t> entry_begin_;  // per feature: first entry; size = features + 1
    std::vector<std::uint16_t> entry_class_;
    std::vector<std::int8_t> entry_weight_;
    std::vector<float> class_scale_;  // dequantisation factor per class
    std::vector<float> bias_;
};

//! Trains on all of `examples` and calibrates: on `validation` when given, otherwise on a
//! deterministic holdout (every fifth example of each intent) of a model trained on the rest,
//! whose calibration is then carried over to the model trained on everything.
Result<IntentModel> TrainCalibrated(const std::vector<Example>& examples,
                                    const std::vector<Example>& validation,
                                    const TrainOptions& options = {});

}  // namespace seam::nlu
