// shared/src/nlu/evaluate.cpp — accuracy, macro-F1 and the out-of-scope metrics of CLINC150.
#include "seam/nlu/evaluate.hpp"

#include <algorithm>
#include <map>

namespace seam::nlu {

EvalReport Evaluate(const std::vector<Example>& test, const std::vector<std::string>& predicted) {
    EvalReport r;
    const std::size_t n = std::min(test.size(), predicted.size());
    r.examples = n;
    if (n == 0) return r;
    struct Counts {
        std::size_t tp = 0, fp = 0, fn = 0;
    };
    std::map<std::string, Counts> per_label;  // ordered: deterministic sums
    std::size_t correct = 0, in_total = 0, in_correct = 0, oos_total = 0, oos_hit = 0, oos_pred = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& gold = test[i].intent;
        const std::string& pred = predicted[i];
        const bool ok = gold == pred;
        correct += ok ? 1 : 0;
        if (ok) {
            per_label[gold].tp += 1;
        } else {
            per_label[gold].fn += 1;
            per_label[pred].fp += 1;
        }
        const bool gold_oos = gold == kOutOfScope;
        const bool pred_oos = pred == kOutOfScope;
        oos_pred += pred_oos ? 1 : 0;
        if (gold_oos) {
            ++oos_total;
            oos_hit += pred_oos ? 1 : 0;
        } else {
            ++in_total;
            in_correct += ok ? 1 : 0;
        }
    }
    r.accuracy = static_cast<double>(correct) / n;
    double f1_sum = 0;
    for (const auto& [label, c] : per_label) {
        const double denom = 2.0 * c.tp + c.fp + c.fn;
        f1_sum += denom > 0 ? 2.0 * c.tp / denom : 0.0;
    }
    r.macro_f1 = per_label.empty() ? 0 : f1_sum / per_label.size();
    r.has_oos = oos_total > 0;
    r.in_scope_accuracy = in_total ? static_cast<double>(in_correct) / in_total : 0;
    r.oos_recall = oos_total ? static_cast<double>(oos_hit) / oos_total : 0;
    r.oos_precision = oos_pred ? static_cast<double>(oos_hit) / oos_pred : 0;
    return r;
}

}  // namespace seam::nlu
