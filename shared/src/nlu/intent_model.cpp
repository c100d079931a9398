// shared/src/nlu/intent_model.cpp — training, calibration, prediction and storage of intent models.
//
// Index of this file
// [SECTION] Vectorising
// [SECTION] Training
// [SECTION] Prediction and decisions
// [SECTION] Calibration
// [SECTION] Binary format
#include "seam/nlu/intent_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "seam/core/binary.hpp"
#include "seam/core/det_math.hpp"
#include "seam/core/hash.hpp"

namespace seam::nlu {

namespace {

constexpr float kIdfScale = 4096.0f;

struct SparseVector {
    std::vector<std::uint32_t> index;
    std::vector<float> value;
    float coverage = 0;  // share of the squared norm carried by features seen in training
};

float GroupWeight(const FeatureOptions& o, FeatureGroup g) {
    switch (g) {
        case FeatureGroup::kWord:
            return o.word_weight;
        case FeatureGroup::kBigram:
            return o.bigram_weight;
        case FeatureGroup::kChar:
            return o.char_weight;
    }
    return 1.0f;
}

// Round half away from zero, identical everywhere (no dependence on the FP rounding mode).
int RoundToInt(double x) {
    return static_cast<int>(x < 0 ? -std::floor(-x + 0.5) : std::floor(x + 0.5));
}

class Rng {  // xorshift64*: a fixed sequence in every build
  public:
    explicit Rng(std::uint64_t seed) : s_(seed ? seed : 1) {}
    std::uint64_t Next() {
        s_ ^= s_ >> 12;
        s_ ^= s_ << 25;
        s_ ^= s_ >> 27;
        return s_ * 0x2545F4914F6CDD1Dull;
    }

  private:
    std::uint64_t s_;
};

// What the out-of-scope threshold applies to: the calibrated confidence, discounted by the share
// of the message the model recognises. A confident guess from half a message is half a guess.
float AcceptScore(float confidence, float coverage) {
    return confidence * coverage;
}

// Softmax in place over `z` (already divided by the temperature); returns nothing, stable.
void Softmax(std::vector<double>& z) {
    double max = z.empty() ? 0 : z[0];
    for (double v : z)
        max = std::max(max, v);
    double sum = 0;
    for (double& v : z) {
        v = DetExp(v - max);
        sum += v;
    }
    for (double& v : z)
        v /= sum;
}

//-----------------------------------------------------------------------------
// [SECTION] Vectorising
//-----------------------------------------------------------------------------

// TF-IDF: value = group weight * sqrt(count) * idf, L2-normalised over ALL features of the text,
// including those never seen in training (at the idf of an unseen feature). Unknown words thus
// shrink the known part of the vector, and with it the model's confidence.
SparseVector Vectorize(std::string_view text, const FeatureOptions& options,
                       const std::vector<std::uint32_t>& ids,
                       const std::vector<std::uint16_t>& idf_q, float unknown_idf) {
    SparseVector v;
    const std::vector<FeatureCount> feats = ExtractFeatures(text, options);
    double norm2 = 0;
    double known2 = 0;
    v.index.reserve(feats.size());
    v.value.reserve(feats.size());
    for (const FeatureCount& f : feats) {
        const double tf = GroupWeight(options, f.group) * std::sqrt(static_cast<double>(f.count));
        const auto it = std::lower_bound(ids.begin(), ids.end(), f.id);
        const bool known = it != ids.end() && *it == f.id;
        const double idf = known ? idf_q[it - ids.begin()] / kIdfScale : unknown_idf;
        const double x = tf * idf;
        norm2 += x * x;
        if (known) {
            known2 += x * x;
            v.index.push_back(static_cast<std::uint32_t>(it - ids.begin()));
            v.value.push_back(static_cast<float>(x));
        }
    }
    if (norm2 > 0) {
        v.coverage = static_cast<float>(known2 / norm2);
        const double inv = 1.0 / std::sqrt(norm2);
        for (float& x : v.value)
            x = static_cast<float>(x * inv);
    }
    return v;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Training
//-----------------------------------------------------------------------------

Result<IntentModel> IntentModel::Train(const std::vector<Example>& examples,
                                       const TrainOptions& options) {
    if (examples.empty()) return Error::Make("seam.model.empty", "no training examples");
    IntentModel m;
    m.features_ = options.features;
    m.intents_ = IntentLabels(examples);
    if (m.intents_.size() > 65535) {
        return Error::Make("seam.model.too_many_intents", "more than 65535 intents");
    }
    for (std::size_t c = 0; c < m.intents_.size(); ++c) {
        if (m.intents_[c] == kOutOfScope) m.oos_index_ = static_cast<int>(c);
    }
    const std::size_t n = examples.size();
    const std::size_t classes = m.intents_.size();
    std::vector<std::uint16_t> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        labels[i] = static_cast<std::uint16_t>(
            std::lower_bound(m.intents_.begin(), m.intents_.end(), examples[i].intent) -
            m.intents_.begin());
    }

    // Vocabulary and document frequencies.
    std::vector<std::vector<FeatureCount>> feats(n);
    std::vector<std::uint32_t> all_ids;
    for (std::size_t i = 0; i < n; ++i) {
        feats[i] = ExtractFeatures(examples[i].text, m.features_);
        for (const FeatureCount& f : feats[i])
            all_ids.push_back(f.id);
    }
    std::sort(all_ids.begin(), all_ids.end());
    std::vector<std::uint32_t> df;
    for (std::size_t i = 0; i < all_ids.size();) {
        std::size_t j = i;
        while (j < all_ids.size() && all_ids[j] == all_ids[i])
            ++j;
        if (j - i >= options.min_df) {
            m.feature_ids_.push_back(all_ids[i]);
            df.push_back(static_cast<std::uint32_t>(j - i));
        }
        i = j;
    }
    all_ids = {};
    const double big_n = static_cast<double>(n) + 1;
    m.idf_q_.resize(m.feature_ids_.size());
    for (std::size_t k = 0; k < df.size(); ++k) {
        const double idf = DetLog(big_n / (df[k] + 1.0)) + 1.0;
        m.idf_q_[k] = static_cast<std::uint16_t>(std::min(65535, RoundToInt(idf * kIdfScale)));
    }
    m.unknown_idf_ = static_cast<float>(DetLog(big_n) + 1.0);
    feats = {};

    std::vector<SparseVector> xs(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = Vectorize(examples[i].text, m.features_, m.feature_ids_, m.idf_q_, m.unknown_idf_);
    }

    // SGD on the softmax cross-entropy; L2 by a global weight scale (W = scale * V), so each step
    // touches only the example's features.
    const std::size_t nf = m.feature_ids_.size();
    std::vector<float> weights(nf * classes, 0.0f);
    std::vector<double> bias(classes, 0.0);
    double wscale = 1.0;
    std::vector<float> avg_weights;
    std::vector<double> avg_bias(classes, 0.0);
    int averaged = 0;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    Rng rng(options.seed);
    std::vector<double> z(classes);
    const double total_steps = static_cast<double>(n) * options.epochs;
    double step = 0;
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        for (std::size_t i = n; i > 1; --i)
            std::swap(order[i - 1], order[rng.Next() % i]);
        for (std::size_t idx : order) {
            const SparseVector& x = xs[idx];
            for (std::size_t c = 0; c < classes; ++c)
                z[c] = bias[c];
            for (std::size_t k = 0; k < x.index.size(); ++k) {
                const float* w = &weights[static_cast<std::size_t>(x.index[k]) * classes];
                const double xv = x.value[k] * wscale;
                for (std::size_t c = 0; c < classes; ++c)
                    z[c] += xv * w[c];
            }
            if (options.loss == Loss::kSquaredHinge) {
                // One-vs-rest squared hinge (as LinearSVC): dL/dz_c = -2 y_c max(0, 1 - y_c z_c).
                for (std::size_t c = 0; c < classes; ++c) {
                    const double y = c == labels[idx] ? 1.0 : -1.0;
                    const double slack = 1.0 - y * z[c];
                    z[c] = slack > 0 ? -2.0 * y * slack : 0.0;
                }
            } else {
                Softmax(z);
                z[labels[idx]] -= 1.0;  // z is now the gradient of the loss w.r.t. the logits
            }
            const double lr = options.learning_rate / (1.0 + 4.0 * step / total_steps);
            step += 1;
            wscale *= (1.0 - lr * options.l2);
            for (std::size_t k = 0; k < x.index.size(); ++k) {
                float* w = &weights[static_cast<std::size_t>(x.index[k]) * classes];
                const double g = lr * x.value[k] / wscale;
                for (std::size_t c = 0; c < classes; ++c)
                    w[c] -= static_cast<float>(g * z[c]);
            }
            for (std::size_t c = 0; c < classes; ++c)
                bias[c] -= lr * z[c];
            if (wscale < 1e-6) {  // fold the scale back in before it loses precision
                for (float& w : weights)
                    w = static_cast<float>(w * wscale);
                wscale = 1.0;
            }
        }
        // Polyak averaging of the end-of-epoch weights over the second half of training: a
        // steadier solution than the last SGD iterate.
        if (options.average && 2 * (epoch + 1) > options.epochs) {
            if (avg_weights.empty()) avg_weights.assign(weights.size(), 0.0f);
            for (std::size_t i = 0; i < weights.size(); ++i) {
                avg_weights[i] += static_cast<float>(weights[i] * wscale);
            }
            for (std::size_t c = 0; c < classes; ++c)
                avg_bias[c] += bias[c];
            ++averaged;
        }
    }
    if (averaged > 0) {
        for (std::size_t i = 0; i < weights.size(); ++i)
            weights[i] = avg_weights[i] / averaged;
        for (std::size_t c = 0; c < classes; ++c)
            bias[c] = avg_bias[c] / averaged;
        wscale = 1.0;
    }

    // Quantise per class to int8 and prune small weights; the model predicts from these.
    std::vector<double> max_abs(classes, 0.0);
    for (std::size_t f = 0; f < nf; ++f) {
        for (std::size_t c = 0; c < classes; ++c) {
            max_abs[c] = std::max(max_abs[c], std::fabs(weights[f * classes + c] * wscale));
        }
    }
    m.class_scale_.resize(classes);
    for (std::size_t c = 0; c < classes; ++c) {
        m.class_scale_[c] = static_cast<float>(max_abs[c] > 0 ? max_abs[c] / 127.0 : 1.0);
    }
    m.bias_.assign(bias.begin(), bias.end());
    m.entry_begin_.assign(1, 0);
    std::vector<std::uint32_t> kept_ids;
    std::vector<std::uint16_t> kept_idf;
    for (std::size_t f = 0; f < nf; ++f) {
        const std::size_t before = m.entry_class_.size();
        for (std::size_t c = 0; c < classes; ++c) {
            const int q = RoundToInt(weights[f * classes + c] * wscale / m.class_scale_[c]);
            if (std::abs(q) < options.prune_below || q == 0) continue;
            m.entry_class_.push_back(static_cast<std::uint16_t>(c));
            m.entry_weight_.push_back(static_cast<std::int8_t>(std::clamp(q, -127, 127)));
        }
        // A feature with no weight left still counts in the norm: keep it (idf only) unless it
        // is rare. Rare weightless features behave like unknown ones; drop them to save space.
        if (m.entry_class_.size() == before && df[f] < 3) continue;
        kept_ids.push_back(m.feature_ids_[f]);
        kept_idf.push_back(m.idf_q_[f]);
        m.entry_begin_.push_back(static_cast<std::uint32_t>(m.entry_class_.size()));
    }
    m.feature_ids_ = std::move(kept_ids);
    m.idf_q_ = std::move(kept_idf);
    return m;
}

//-----------------------------------------------------------------------------
// [SECTION] Prediction and decisions
//-----------------------------------------------------------------------------

std::vector<float> IntentModel::Logits(std::string_view text) const {
    return Logits(text, nullptr);
}

std::vector<float> IntentModel::Logits(std::string_view text, float* coverage) const {
    const std::size_t classes = intents_.size();
    std::vector<float> acc(classes, 0.0f);
    const SparseVector x = Vectorize(text, features_, feature_ids_, idf_q_, unknown_idf_);
    if (coverage) *coverage = x.coverage;
    for (std::size_t k = 0; k < x.index.size(); ++k) {
        const std::uint32_t f = x.index[k];
        const float v = x.value[k];
        for (std::uint32_t e = entry_begin_[f]; e < entry_begin_[f + 1]; ++e) {
            acc[entry_class_[e]] += v * entry_weight_[e];
        }
    }
    for (std::size_t c = 0; c < classes; ++c)
        acc[c] = bias_[c] + class_scale_[c] * acc[c];
    return acc;
}

Prediction IntentModel::Decide(const std::vector<float>& logits, float coverage,
                               std::size_t top_k) const {
    Prediction p;
    p.coverage = coverage;
    const std::size_t classes = logits.size();
    if (classes == 0) {
        p.out_of_scope = true;
        p.intent = std::string(kOutOfScope);
        return p;
    }
    std::vector<double> z(classes);
    const double t = calibration_.temperature > 0 ? calibration_.temperature : 1.0;
    for (std::size_t c = 0; c < classes; ++c)
        z[c] = logits[c] / t;
    Softmax(z);
    std::vector<std::size_t> order;
    order.reserve(classes);
    for (std::size_t c = 0; c < classes; ++c) {
        if (static_cast<int>(c) != oos_index_) order.push_back(c);
    }
    const auto better = [&](std::size_t a, std::size_t b) {
        return z[a] != z[b] ? z[a] > z[b] : a < b;
    };
    const std::size_t k = std::min(top_k == 0 ? std::size_t{1} : top_k, order.size());
    std::partial_sort(order.begin(), order.begin() + k, order.end(), better);
    for (std::size_t i = 0; i < k; ++i) {
        p.ranked.push_back({intents_[order[i]], static_cast<float>(z[order[i]])});
    }
    const bool oos_wins = oos_index_ >= 0 && (order.empty() || z[oos_index_] > z[order[0]]);
    p.out_of_scope = order.empty() || oos_wins || coverage < calibration_.min_coverage ||
                     AcceptScore(p.ranked[0].confidence, coverage) < calibration_.oos_threshold;
    p.ambiguous = !p.out_of_scope && p.ranked.size() >= 2 &&
                  p.ranked[1].confidence >= calibration_.ambiguity_ratio * p.ranked[0].confidence &&
                  p.ranked[1].confidence >= calibration_.ambiguity_floor;
    p.intent = p.out_of_scope ? std::string(kOutOfScope) : p.ranked[0].intent;
    return p;
}

Prediction IntentModel::Predict(std::string_view text, std::size_t top_k) const {
    float coverage = 0;
    const std::vector<float> logits = Logits(text, &coverage);
    return Decide(logits, coverage, top_k);
}

//-----------------------------------------------------------------------------
// [SECTION] Calibration
//-----------------------------------------------------------------------------

// 1. Temperature: the value on a grid that minimises the negative log-likelihood of the
//    validation labels (temperature scaling, Guo et al. 2017), so confidences read as
//    probabilities.
// 2. Out-of-scope threshold: the highest threshold that still lets the model answer
//    `target_in_scope_recall` of the validation messages it gets right. The operator's budget is
//    "how many answerable questions may Seam bounce to 'not sure'?" (default 1%); everything less
//    confident than that is treated as out of scope. Out-of-scope examples in the data teach the
//    "oos" class during training; the threshold rule is the same with or without them, and
//    `seam eval` reports what recall it reaches. (A rule fitted to a validation set's handful of
//    oos examples, e.g. maximising balanced accuracy, swings with their number and picked
//    extreme thresholds in our measurements.)
void IntentModel::Calibrate(const std::vector<Example>& validation, float target_in_scope_recall) {
    if (validation.empty() || intents_.empty()) return;
    std::vector<std::vector<float>> logits;
    std::vector<float> coverages;
    std::vector<int> labels;  // intent index, -1 for oos
    for (const Example& e : validation) {
        const auto it = std::lower_bound(intents_.begin(), intents_.end(), e.intent);
        const bool known = it != intents_.end() && *it == e.intent && e.intent != kOutOfScope;
        const bool oos = e.intent == kOutOfScope;
        if (!known && !oos) continue;  // an intent the model was never trained on
        labels.push_back(known ? static_cast<int>(it - intents_.begin()) : -1);
        float coverage = 0;
        logits.push_back(Logits(e.text, &coverage));
        coverages.push_back(coverage);
    }
    if (logits.empty()) return;

    double best_t = 1.0;
    double best_nll = 1e300;
    for (int step = 2; step <= 60; ++step) {
        const double t = step * 0.05;
        double nll = 0;
        for (std::size_t i = 0; i < logits.size(); ++i) {
            const int label = labels[i] >= 0 ? labels[i] : oos_index_;
            if (label < 0) continue;
            std::vector<double> z(logits[i].begin(), logits[i].end());
            for (double& v : z)
                v /= t;
            Softmax(z);
            nll -= DetLog(std::max(z[label], 1e-12));
        }
        if (nll < best_nll) {
            best_nll = nll;
            best_t = t;
        }
    }
    calibration_.temperature = static_cast<float>(best_t);
    calibration_.oos_threshold = 0.0f;
    const float min_coverage = calibration_.min_coverage;
    calibration_.min_coverage = 0.0f;  // the threshold is chosen on the score alone

    std::vector<float> answered_right;  // confidence of correct in-scope answers
    for (std::size_t i = 0; i < logits.size(); ++i) {
        if (labels[i] < 0) continue;
        const Prediction p = Decide(logits[i], coverages[i], 1);
        if (!p.out_of_scope && p.ranked[0].intent == intents_[labels[i]]) {
            answered_right.push_back(AcceptScore(p.ranked[0].confidence, coverages[i]));
        }
    }
    calibration_.min_coverage = min_coverage;
    if (answered_right.empty()) return;
    std::sort(answered_right.begin(), answered_right.end());
    const double budget =
        (1.0 - target_in_scope_recall) * static_cast<double>(answered_right.size());
    calibration_.oos_threshold =
        answered_right[std::min(answered_right.size() - 1, static_cast<std::size_t>(budget))];
}

Result<IntentModel> TrainCalibrated(const std::vector<Example>& examples,
                                    const std::vector<Example>& validation,
                                    const TrainOptions& options) {
    Result<IntentModel> full = IntentModel::Train(examples, options);
    if (!full) return full;
    if (!validation.empty()) {
        full->Calibrate(validation);
        return full;
    }
    std::vector<Example> train, holdout;
    std::vector<std::string> labels = IntentLabels(examples);
    std::vector<std::size_t> count(labels.size(), 0);
    for (const Example& e : examples) {
        const std::size_t c =
            std::lower_bound(labels.begin(), labels.end(), e.intent) - labels.begin();
        (count[c]++ % 5 == 4 ? holdout : train).push_back(e);
    }
    if (holdout.empty() || train.empty()) return full;
    Result<IntentModel> part = IntentModel::Train(train, options);
    if (!part) return full;
    part->Calibrate(holdout);
    full->set_calibration(part->calibration());
    return full;
}

//-----------------------------------------------------------------------------
// [SECTION] Binary format
//-----------------------------------------------------------------------------
// "SEAMINTM" | u32 version | u32 payload length | u32 CRC-32(payload) | payload
// payload: feature options, intents, oos index, calibration, unknown idf, per-class bias and
// scale, feature count, then per feature: u32 id, u16 idf, u16 entry count; then entries
// (u16 class, i8 weight). Everything little-endian.

namespace {
constexpr std::string_view kMagic = "SEAMINTM";
constexpr std::uint32_t kFormatVersion = 1;
}  // namespace

std::string IntentModel::Serialize() const {
    ByteWriter p;
    p.U8(static_cast<std::uint8_t>(features_.char_min));
    p.U8(static_cast<std::uint8_t>(features_.char_max));
    p.U8(features_.bigrams ? 1 : 0);
    p.F32(features_.word_weight);
    p.F32(features_.bigram_weight);
    p.F32(features_.char_weight);
    p.U32(static_cast<std::uint32_t>(intents_.size()));
    for (const std::string& s : intents_)
        p.Str(s);
    p.U32(static_cast<std::uint32_t>(oos_index_ + 1));
    p.F32(calibration_.temperature);
    p.F32(calibration_.oos_threshold);
    p.F32(calibration_.ambiguity_ratio);
    p.F32(calibration_.ambiguity_floor);
    p.F32(calibration_.min_coverage);
    p.F32(unknown_idf_);
    for (std::size_t c = 0; c < intents_.size(); ++c) {
        p.F32(bias_[c]);
        p.F32(class_scale_[c]);
    }
    p.U32(static_cast<std::uint32_t>(feature_ids_.size()));
    for (std::size_t f = 0; f < feature_ids_.size(); ++f) {
        p.U32(feature_ids_[f]);
        p.U16(idf_q_[f]);
        p.U16(static_cast<std::uint16_t>(entry_begin_[f + 1] - entry_begin_[f]));
    }
    for (std::size_t e = 0; e < entry_class_.size(); ++e) {
        p.U16(entry_class_[e]);
        p.I8(entry_weight_[e]);
    }
    const std::string payload = p.Take();
    ByteWriter out;
    out.Raw(kMagic);
    out.U32(kFormatVersion);
    out.U32(static_cast<std::uint32_t>(payload.size()));
    out.U32(Crc32(payload));
    out.Raw(payload);
    return out.Take();
}

Result<IntentModel> IntentModel::Deserialize(std::string_view bytes) {
    ByteReader header(bytes);
    if (header.Raw(kMagic.size()) != kMagic) {
        return Error::Make("seam.model.magic", "not a Seam intent model (bad magic bytes)");
    }
    const std::uint32_t version = header.U32();
    if (!header.ok()) return Error::Make("seam.model.truncated", "model header is truncated");
    if (version != kFormatVersion) {
        return Error::Make("seam.model.version",
                           "model format version " + std::to_string(version) +
                               " is not supported (this build reads version " +
                               std::to_string(kFormatVersion) + ")");
    }
    const std::uint32_t length = header.U32();
    const std::uint32_t crc = header.U32();
    const std::string_view payload = header.Raw(length);
    if (!header.ok()) {
        return Error::Make("seam.model.truncated", "model is truncated: payload of " +
                                                       std::to_string(length) + " bytes expected");
    }
    if (!header.AtEnd()) return Error::Make("seam.model.invalid", "trailing bytes after the model");
    if (Crc32(payload) != crc) {
        return Error::Make("seam.model.checksum", "model checksum mismatch: the file is corrupt");
    }

    ByteReader r(payload);
    IntentModel m;
    m.features_.char_min = r.U8();
    m.features_.char_max = r.U8();
    m.features_.bigrams = r.U8() != 0;
    m.features_.word_weight = r.F32();
    m.features_.bigram_weight = r.F32();
    m.features_.char_weight = r.F32();
    const std::uint32_t classes = r.U32();
    if (!r.ok() || classes == 0 || classes > 65535 || classes > r.remaining()) {
        return Error::Make("seam.model.invalid", "bad intent count");
    }
    for (std::uint32_t c = 0; c < classes && r.ok(); ++c)
        m.intents_.emplace_back(r.Str());
    // Stored as index + 1 (0 = no out-of-scope class); checked before it becomes an int, as
    // 0x80000000 - 1 overflowed (issue 17, found by tests/fuzz/fuzz_intent_model).
    const std::uint32_t oos_plus_one = r.U32();
    if (oos_plus_one > classes) return Error::Make("seam.model.invalid", "bad model header fields");
    m.oos_index_ = static_cast<int>(oos_plus_one) - 1;
    m.calibration_.temperature = r.F32();
    m.calibration_.oos_threshold = r.F32();
    m.calibration_.ambiguity_ratio = r.F32();
    m.calibration_.ambiguity_floor = r.F32();
    m.calibration_.min_coverage = r.F32();
    m.unknown_idf_ = r.F32();
    for (std::uint32_t c = 0; c < classes && r.ok(); ++c) {
        m.bias_.push_back(r.F32());
        m.class_scale_.push_back(r.F32());
    }
    const std::uint32_t nf = r.U32();
    if (!r.ok() || m.oos_index_ >= static_cast<int>(classes) || m.oos_index_ < -1 ||
        static_cast<std::uint64_t>(nf) * 8 > r.remaining()) {
        return Error::Make("seam.model.invalid", "bad model header fields");
    }
    m.entry_begin_.assign(1, 0);
    for (std::uint32_t f = 0; f < nf; ++f) {
        m.feature_ids_.push_back(r.U32());
        m.idf_q_.push_back(r.U16());
        m.entry_begin_.push_back(m.entry_begin_.back() + r.U16());
        if (f > 0 && m.feature_ids_[f] <= m.feature_ids_[f - 1]) {
            return Error::Make("seam.model.invalid", "feature table is not sorted");
        }
    }
    const std::uint32_t entries = m.entry_begin_.back();
    if (!r.ok() || static_cast<std::uint64_t>(entries) * 3 != r.remaining()) {
        return Error::Make("seam.model.invalid", "weight table size does not match");
    }
    m.entry_class_.resize(entries);
    m.entry_weight_.resize(entries);
    for (std::uint32_t e = 0; e < entries; ++e) {
        m.entry_class_[e] = r.U16();
        m.entry_weight_[e] = r.I8();
        if (m.entry_class_[e] >= classes) {
            return Error::Make("seam.model.invalid", "weight refers to an unknown intent");
        }
    }
    if (!r.ok() || !std::is_sorted(m.intents_.begin(), m.intents_.end())) {
        return Error::Make("seam.model.invalid", "intent table is invalid");
    }
    return m;
}

}  // namespace seam::nlu
