// An error's domain is the hundreds group of its code, whoever makes the error: a domain
// cannot be chosen apart from the code (issue 13 found 25 calls that disagreed).
#include "tally/error.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(ErrorTest, DomainIsTheHundredsGroupOfTheCode) {
  EXPECT_EQ(domain_of(ErrorCode::kDefinitionParse), ErrorDomain::kDefinition);
  EXPECT_EQ(domain_of(ErrorCode::kExpressionEval), ErrorDomain::kSchema);
  EXPECT_EQ(domain_of(ErrorCode::kRecordsInvalid), ErrorDomain::kRecord);
  EXPECT_EQ(domain_of(ErrorCode::kServerForgotAckedOps), ErrorDomain::kSync);
  EXPECT_EQ(domain_of(ErrorCode::kUnexpectedMessage), ErrorDomain::kWire);
  EXPECT_EQ(domain_of(ErrorCode::kBadSignature), ErrorDomain::kAudit);
  EXPECT_EQ(domain_of(ErrorCode::kDeviceRevoked), ErrorDomain::kAuth);
  EXPECT_EQ(domain_of(ErrorCode::kBusy), ErrorDomain::kStore);
  EXPECT_EQ(domain_of(ErrorCode::kProtocolError), ErrorDomain::kNetwork);
  EXPECT_EQ(domain_of(ErrorCode::kSlowConsumer), ErrorDomain::kLimit);
  EXPECT_EQ(domain_of(ErrorCode::kInvalidArgument), ErrorDomain::kInternal);
}

TEST(ErrorTest, CodesOutsideEveryGroupBelongToInternal) {
  EXPECT_EQ(domain_of(ErrorCode::kOk), ErrorDomain::kInternal);
  EXPECT_EQ(domain_of(static_cast<ErrorCode>(99)), ErrorDomain::kInternal);
  EXPECT_EQ(domain_of(static_cast<ErrorCode>(1200)), ErrorDomain::kInternal);
}

TEST(ErrorTest, MadeErrorCarriesTheDomainOfItsCode) {
  const Error error = make_error(ErrorCode::kBadSignature, "not signed by the device's key");
  EXPECT_EQ(error.domain(), ErrorDomain::kAudit);
  EXPECT_EQ(error.to_string(), "E601 not signed by the device's key");
  EXPECT_FALSE(error.transient);
  EXPECT_TRUE(make_error(ErrorCode::kBusy, "store busy", /*transient=*/true).transient);
}

}  // namespace
}  // namespace tally
