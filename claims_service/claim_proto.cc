#include "claims_service/claim_proto.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_util.h"

namespace claimtrace::claims {

absl::StatusOr<std::string> ParseClaimName(std::string_view name, std::string_view field) {
  const absl::string_view n(name.data(), name.size());
  if (n.empty()) return common::FieldViolation(field, "is required");
  if (!absl::StartsWith(n, "claims/")) {
    return common::FieldViolation(field, "must look like claims/{claim}");
  }
  const absl::string_view id = n.substr(7);
  bool ok = id.size() == 16;
  for (const char c : id) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) return common::FieldViolation(field, "claim id must be 16 lower-case hex characters");
  return std::string(id);
}

std::string ClaimName(std::string_view id) {
  return absl::StrCat("claims/", absl::string_view(id.data(), id.size()));
}

void ToProto(const Entity& entity, common::v1::Entity* out) {
  out->set_id(entity.id);
  out->set_name(entity.name);
  out->set_affiliation(entity.affiliation);
}

v1::ClaimKind ToProto(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kQuantity:
      return v1::CLAIM_KIND_QUANTITY;
    case ClaimKind::kDate:
      return v1::CLAIM_KIND_DATE;
    case ClaimKind::kLocation:
      return v1::CLAIM_KIND_LOCATION;
    case ClaimKind::kComparison:
      return v1::CLAIM_KIND_COMPARISON;
    case ClaimKind::kQuote:
      return v1::CLAIM_KIND_QUOTE;
  }
  return v1::CLAIM_KIND_UNSPECIFIED;
}

v1::Bound ToProto(Bound bound) {
  switch (bound) {
    case Bound::kExact:
      return v1::BOUND_EXACT;
    case Bound::kApproximate:
      return v1::BOUND_APPROXIMATE;
    case Bound::kAtLeast:
      return v1::BOUND_AT_LEAST;
    case Bound::kMoreThan:
      return v1::BOUND_MORE_THAN;
    case Bound::kAtMost:
      return v1::BOUND_AT_MOST;
    case Bound::kLessThan:
      return v1::BOUND_LESS_THAN;
    case Bound::kRange:
      return v1::BOUND_RANGE;
  }
  return v1::BOUND_UNSPECIFIED;
}

std::optional<ClaimKind> ParseClaimKind(std::string_view text) {
  std::string upper = absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  if (absl::StartsWith(upper, "CLAIM_KIND_")) upper = upper.substr(11);
  if (upper == "QUANTITY") return ClaimKind::kQuantity;
  if (upper == "DATE") return ClaimKind::kDate;
  if (upper == "LOCATION") return ClaimKind::kLocation;
  if (upper == "COMPARISON") return ClaimKind::kComparison;
  if (upper == "QUOTE") return ClaimKind::kQuote;
  return std::nullopt;
}

void ToProto(const StoredClaim& claim, v1::Claim* out) {
  const ClaimContent& content = claim.content;
  out->set_name(ClaimName(claim.id));
  out->set_statement(content.statement);
  ToProto(content.subject, out->mutable_subject());
  out->set_predicate(content.predicate);
  if (content.quantity) {
    v1::Quantity* q = out->mutable_quantity();
    q->set_value(content.quantity->value);
    q->set_upper_value(content.quantity->upper_value);
    q->set_unit(content.quantity->unit);
    q->set_bound(ToProto(content.quantity->bound));
  }
  ToProto(claim.claimant, out->mutable_claimant());
  out->set_kind(ToProto(content.kind));
  out->set_source_count(claim.source_count);
  if (!content.object.id.empty() || !content.object.name.empty()) {
    ToProto(content.object, out->mutable_object());
  }
  if (content.date) {
    v1::CalendarDate* d = out->mutable_date();
    d->set_year(content.date->year);
    d->set_month(content.date->month);
    d->set_day(content.date->day);
    switch (content.date->precision) {
      case DatePrecision::kYear:
        d->set_precision(v1::DATE_PRECISION_YEAR);
        break;
      case DatePrecision::kMonth:
        d->set_precision(v1::DATE_PRECISION_MONTH);
        break;
      case DatePrecision::kDay:
        d->set_precision(v1::DATE_PRECISION_DAY);
        break;
    }
  }
  for (const Entity& claimant : claim.claimants) ToProto(claimant, out->add_claimants());
  const int64_t create_us = absl::ToUnixMicros(claim.create_time);
  out->mutable_create_time()->set_seconds(create_us / 1000000);
  out->mutable_create_time()->set_nanos(static_cast<int>(create_us % 1000000) * 1000);
  const int64_t update_us = absl::ToUnixMicros(claim.update_time);
  out->mutable_update_time()->set_seconds(update_us / 1000000);
  out->mutable_update_time()->set_nanos(static_cast<int>(update_us % 1000000) * 1000);
}

}  // namespace claimtrace::claims
