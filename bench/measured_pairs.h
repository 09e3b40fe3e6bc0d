// How the benchmark measures a figure that is a target: as several
// (service, bare) pairs, keeping out the pairs that a hypervisor's other
// guests disturbed. Plain C++, so that the choice is tested without a
// machine that can be made to show steal on cue.
#ifndef CLAIMTRACE_BENCH_MEASURED_PAIRS_H_
#define CLAIMTRACE_BENCH_MEASURED_PAIRS_H_

#include <algorithm>
#include <utility>
#include <vector>

namespace claimtrace::bench {

template <typename Pair>
struct MeasuredPairs {
  // `pairs` of them: slot 0, 1, ... in order, each the clean pair measured
  // for it; then, when the tries ran out, the least disturbed others.
  std::vector<Pair> kept;
  int set_aside = 0;       // disturbed pairs not kept: as many as the extra measurements
  int kept_disturbed = 0;  // disturbed pairs kept because the tries ran out
};

// Measures `pairs` pairs with `measure(slot)`, slot 0, 1, ... being the
// pair's place among the kept ones (the caller alternates which side of the
// pair runs first by it, so a pair measured again keeps the order of the one
// it replaces). A pair whose `steal_of(pair)` (percent of the machine's CPU
// time taken by the hypervisor during it; negative: not counted) is above
// `max_steal` is set aside and its slot measured again, at most `pairs` more
// times in all; when the tries run out, the least disturbed of the set-aside
// pairs fill the count. A negative `max_steal` keeps every pair. `pairs`
// below 1 counts as 1.
template <typename Pair, typename Measure, typename StealOf>
MeasuredPairs<Pair> MeasurePairsAvoidingSteal(int pairs, double max_steal, Measure measure,
                                              StealOf steal_of) {
  pairs = std::max(1, pairs);
  MeasuredPairs<Pair> result;
  std::vector<Pair> disturbed;
  for (int attempt = 0; static_cast<int>(result.kept.size()) < pairs && attempt < 2 * pairs;
       ++attempt) {
    Pair pair = measure(static_cast<int>(result.kept.size()));
    if (max_steal >= 0 && steal_of(pair) > max_steal) {
      disturbed.push_back(std::move(pair));
    } else {
      result.kept.push_back(std::move(pair));
    }
  }
  std::stable_sort(disturbed.begin(), disturbed.end(),
                   [&](const Pair& a, const Pair& b) { return steal_of(a) < steal_of(b); });
  for (Pair& pair : disturbed) {
    if (static_cast<int>(result.kept.size()) >= pairs) break;
    result.kept.push_back(std::move(pair));
    ++result.kept_disturbed;
  }
  result.set_aside = static_cast<int>(disturbed.size()) - result.kept_disturbed;
  return result;
}

}  // namespace claimtrace::bench

#endif  // CLAIMTRACE_BENCH_MEASURED_PAIRS_H_
