// native/demo/random.hpp — the demo generators' PRNG (internal; no compatibility promise).
//
// splitmix64 with integer-only helpers, so a seed gives the same numbers with every compiler
// and standard library (std::uniform_int_distribution does not promise that).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace seam::demo {

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t Next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    //! 0..n-1 (n > 0).
    std::int64_t Below(std::int64_t n) {
        return static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(n));
    }
    //! lo..hi inclusive.
    std::int64_t Range(std::int64_t lo, std::int64_t hi) { return lo + Below(hi - lo + 1); }
    //! True with probability per_mille / 1000.
    bool Chance(int per_mille) { return Below(1000) < per_mille; }
    //! An index drawn with the given weights (at least one positive).
    std::size_t Weighted(const std::vector<int>& weights) {
        std::int64_t total = 0;
        for (int w : weights)
            total += w;
        std::int64_t r = Below(total);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.size() - 1;
    }
    template <typename T>
    const T& Pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(Below(static_cast<std::int64_t>(items.size())))];
    }
    //! A generator of its own, derived from this one's seed and `salt` (independent streams,
    //! so adding draws in one part of the generator does not shift every other part).
    static Rng Stream(std::uint64_t seed, std::uint64_t salt) {
        Rng mix(seed ^ (salt * 0xD6E8FEB86659FD93ULL));
        return Rng(mix.Next());
    }

  private:
    std::uint64_t state_;
};

}  // namespace seam::demo
