// A bounded in-memory map from string keys to values, least recently used
// first out once the entries' charged bytes pass the budget, with an optional
// expiry time per entry. Thread-compatible: the owner serialises calls.
// Used for the claims each service reads far more often than they change
// (claims_service's ClaimCache, provenance_service's cached claims).
#ifndef CLAIMTRACE_COMMON_LRU_CACHE_H_
#define CLAIMTRACE_COMMON_LRU_CACHE_H_

#include <cstddef>
#include <iterator>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace claimtrace::common {

template <typename Value>
class LruCache {
 public:
  // `budget_bytes` 0 disables the cache: Find misses, Put keeps nothing.
  explicit LruCache(std::size_t budget_bytes) : budget_bytes_(budget_bytes) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // A copy of the value under `key` unless absent or expired by `now`;
  // marks it recently used (an expired one is dropped).
  std::optional<Value> Find(std::string_view key, absl::Time now = absl::InfinitePast()) {
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (it->second->expires <= now) {
      Erase(it->second);
      return std::nullopt;
    }
    recency_.splice(recency_.begin(), recency_, it->second);
    return it->second->value;
  }

  // Keeps (or replaces) `value` under `key`, charged `bytes`, until
  // `expires`; evicts least recently used entries to stay within the budget.
  // A value charged more than the whole budget is not kept.
  void Put(std::string key, Value value, std::size_t bytes,
           absl::Time expires = absl::InfiniteFuture()) {
    Erase(key);
    bytes += sizeof(Entry) + key.capacity() + 64;  // node, slot, allocator overhead
    if (bytes > budget_bytes_) return;
    while (bytes_ + bytes > budget_bytes_) Erase(std::prev(recency_.end()));
    recency_.push_front(Entry{std::move(key), std::move(value), bytes, expires});
    bytes_ += bytes;
    entries_.emplace(std::string_view(recency_.front().key), recency_.begin());
  }

  void Erase(std::string_view key) {
    if (const auto it = entries_.find(key); it != entries_.end()) Erase(it->second);
  }

  void Clear() {
    entries_.clear();
    recency_.clear();
    bytes_ = 0;
  }

  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  struct Entry {
    std::string key;
    Value value;
    std::size_t bytes;
    absl::Time expires;
  };
  using Recency = std::list<Entry>;  // most recently used first

  void Erase(typename Recency::iterator it) {
    entries_.erase(std::string_view(it->key));
    bytes_ -= it->bytes;
    recency_.erase(it);
  }

  std::size_t budget_bytes_;
  std::size_t bytes_ = 0;
  Recency recency_;
  // Keys view the keys inside recency_'s entries, which never move.
  absl::flat_hash_map<std::string_view, typename Recency::iterator> entries_;
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_LRU_CACHE_H_
