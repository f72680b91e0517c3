// SSRF address policy: classification of IPv4/IPv6 addresses (IANA's
// special-purpose registries, RFC 6890), allow-lists and pins. The fetcher
// tests check it on real connections.
#include <catch2/catch.hpp>

#include "config/options.h"
#include "crawler/fetch/address_policy.h"
#include "crawler/fetch/fetcher.h"

namespace wirecrawl {
namespace {

AddressClass Classify(const char* text) {
  auto address = ParseIpAddress(text);
  REQUIRE(address.has_value());
  return ClassifyAddress(*address);
}

}  // namespace

TEST_CASE("RFC6890_ClassifiesNonPublicIPv4", "[address-policy]") {
  CHECK(Classify("8.8.8.8") == AddressClass::kPublic);
  CHECK(Classify("93.184.216.34") == AddressClass::kPublic);
  CHECK(Classify("0.0.0.0") == AddressClass::kUnspecified);
  CHECK(Classify("127.0.0.1") == AddressClass::kLoopback);
  CHECK(Classify("127.255.1.2") == AddressClass::kLoopback);
  CHECK(Classify("10.1.2.3") == AddressClass::kPrivate);
  CHECK(Classify("172.16.0.1") == AddressClass::kPrivate);
  CHECK(Classify("172.31.255.255") == AddressClass::kPrivate);
  CHECK(Classify("172.32.0.1") == AddressClass::kPublic);
  CHECK(Classify("192.168.1.1") == AddressClass::kPrivate);
  CHECK(Classify("169.254.10.1") == AddressClass::kLinkLocal);
  CHECK(Classify("169.254.169.254") == AddressClass::kCloudMetadata);
  CHECK(Classify("100.100.100.200") == AddressClass::kCloudMetadata);
  CHECK(Classify("100.64.0.1") == AddressClass::kCarrierGradeNat);
  CHECK(Classify("100.127.255.255") == AddressClass::kCarrierGradeNat);
  CHECK(Classify("100.128.0.1") == AddressClass::kPublic);
  CHECK(Classify("224.0.0.251") == AddressClass::kMulticast);
  CHECK(Classify("239.255.255.250") == AddressClass::kMulticast);
  CHECK(Classify("255.255.255.255") == AddressClass::kReserved);
  CHECK(Classify("192.0.2.10") == AddressClass::kReserved);
  CHECK(Classify("198.18.0.1") == AddressClass::kReserved);
}

TEST_CASE("RFC6890_ClassifiesNonPublicIPv6AndEmbeddedIPv4", "[address-policy]") {
  CHECK(Classify("2606:4700::1111") == AddressClass::kPublic);
  CHECK(Classify("::") == AddressClass::kUnspecified);
  CHECK(Classify("::1") == AddressClass::kLoopback);
  CHECK(Classify("[::1]") == AddressClass::kLoopback);
  CHECK(Classify("fe80::1") == AddressClass::kLinkLocal);
  CHECK(Classify("fd12:3456::1") == AddressClass::kPrivate);
  CHECK(Classify("fd00:ec2::254") == AddressClass::kCloudMetadata);
  CHECK(Classify("ff02::1") == AddressClass::kMulticast);
  CHECK(Classify("2001:db8::1") == AddressClass::kReserved);
  // IPv4 hidden in IPv6 is judged as the IPv4 it is.
  CHECK(Classify("::ffff:127.0.0.1") == AddressClass::kLoopback);
  CHECK(Classify("::ffff:169.254.169.254") == AddressClass::kCloudMetadata);
  CHECK(Classify("64:ff9b::a00:1") == AddressClass::kPrivate);
  CHECK(Classify("2002:c0a8:0101::1") == AddressClass::kPrivate);  // 6to4 of 192.168.1.1
  CHECK(Classify("::ffff:8.8.8.8") == AddressClass::kPublic);
}

TEST_CASE("AddressPolicy_RefusesUnlessAllowedOrPinned", "[address-policy]") {
  auto loopback = *ParseIpAddress("127.0.0.1");
  auto metadata = *ParseIpAddress("169.254.169.254");
  auto public_v4 = *ParseIpAddress("8.8.8.8");
  auto lan = *ParseIpAddress("10.20.30.40");

  auto strict = ConnectPolicy::Create(AddressPolicy{}, {}, {});
  REQUIRE(strict.ok());
  CHECK_FALSE(strict->Refusal(public_v4).has_value());
  REQUIRE(strict->Refusal(loopback).has_value());
  CHECK_THAT(*strict->Refusal(loopback), Catch::Contains("loopback"));
  CHECK_THAT(*strict->Refusal(metadata), Catch::Contains("cloud metadata"));

  AddressPolicy lan_allowed;
  lan_allowed.allowed_networks = {"10.20.0.0/16", "::1"};
  auto allowed = ConnectPolicy::Create(lan_allowed, {}, {});
  REQUIRE(allowed.ok());
  CHECK_FALSE(allowed->Refusal(lan).has_value());
  CHECK(allowed->Refusal(*ParseIpAddress("10.21.0.1")).has_value());
  CHECK_FALSE(allowed->Refusal(*ParseIpAddress("::1")).has_value());
  CHECK(allowed->Refusal(loopback).has_value());

  auto pinned = ConnectPolicy::Create(AddressPolicy{}, {"alpha-news.test:8080:127.0.0.1"},
                                      {"beta-news.test:80:[::1]:8081"});
  REQUIRE(pinned.ok());
  CHECK_FALSE(pinned->Refusal(loopback).has_value());
  CHECK_FALSE(pinned->Refusal(*ParseIpAddress("::1")).has_value());
  CHECK(pinned->Refusal(*ParseIpAddress("127.0.0.2")).has_value());

  AddressPolicy off;
  off.refuse_non_public = false;
  CHECK_FALSE(ConnectPolicy::Create(off, {}, {})->Refusal(metadata).has_value());
}

TEST_CASE("AddressPolicy_MalformedNetworksAndPinsAreErrors", "[address-policy]") {
  AddressPolicy bad;
  bad.allowed_networks = {"10.0.0.0/33"};
  CHECK_FALSE(ConnectPolicy::Create(bad, {}, {}).ok());
  bad.allowed_networks = {"intranet"};
  CHECK_FALSE(ConnectPolicy::Create(bad, {}, {}).ok());

  CHECK_FALSE(ConnectPolicy::Create({}, {"alpha-news.test:80"}, {}).ok());
  CHECK_FALSE(ConnectPolicy::Create({}, {"alpha-news.test:80:localhost"}, {}).ok());
  CHECK_FALSE(ConnectPolicy::Create({}, {}, {"a:80:b"}).ok());
  CHECK_FALSE(ConnectPolicy::Create({}, {}, {"a:http:b:80"}).ok());
}

// The pins a config file loads are the pins a crawl starts with: one grammar
// (config/value_syntax.h) for both, following curl's documentation. For
// CURLOPT_CONNECT_TO "any of the four values may be empty": an empty target
// host and port keep the request's own, so "a.test:80::" is a valid pin that
// changes nothing (it once loaded from a config file and failed at crawl
// start).
TEST_CASE("CurlConnectToSyntax_ConfigAndFetcherAgree", "[address-policy]") {
  for (const std::string pin : {"a.test:80::", "a.test:80:127.0.0.1:8080", "::[::1]:8080", "a.test:::"}) {
    INFO(pin);
    CHECK(LoadConfigFromString("[fetch]\nconnect_to = [\"" + pin + "\"]\n").ok());
    CHECK(ConnectPolicy::Create({}, {}, {pin}).ok());
    FetchOptions options;
    options.connect_to = {pin};
    CHECK(Fetcher::Create(options).ok());
  }
  for (const std::string pin : {"a.test:80:127.0.0.1", "a.test:80:127.0.0.1:99999", "a:b:c:d"}) {
    INFO(pin);
    CHECK_FALSE(LoadConfigFromString("[fetch]\nconnect_to = [\"" + pin + "\"]\n").ok());
    CHECK_FALSE(ConnectPolicy::Create({}, {}, {pin}).ok());
  }
}

TEST_CASE("CurlResolveSyntax_ConfigAndFetcherAgree", "[address-policy]") {
  for (const std::string pin : {"alpha-news.test:80:127.0.0.1", "+alpha-news.test:443:127.0.0.1,[::1]",
                                "*:80:127.0.0.1", "-alpha-news.test:80"}) {
    INFO(pin);
    CHECK(LoadConfigFromString("[fetch]\nresolve = [\"" + pin + "\"]\n").ok());
    CHECK(ConnectPolicy::Create({}, {pin}, {}).ok());
  }
  for (const std::string pin :
       {"alpha-news.test:127.0.0.1", "alpha-news.test:0:127.0.0.1",
        "alpha-news.test:80:", "[::1]:80:127.0.0.1", "-alpha-news.test:80:127.0.0.1"}) {
    INFO(pin);
    CHECK_FALSE(LoadConfigFromString("[fetch]\nresolve = [\"" + pin + "\"]\n").ok());
    CHECK_FALSE(ConnectPolicy::Create({}, {pin}, {}).ok());
  }
  // The addresses a pin names are allowed past the address policy.
  auto pinned = ConnectPolicy::Create({}, {"alpha-news.test:8080:127.0.0.1,[::1]"}, {});
  REQUIRE(pinned.ok());
  CHECK_FALSE(pinned->Refusal(*ParseIpAddress("127.0.0.1")).has_value());
  CHECK_FALSE(pinned->Refusal(*ParseIpAddress("::1")).has_value());
  CHECK(pinned->Refusal(*ParseIpAddress("127.0.0.2")).has_value());
}

}  // namespace wirecrawl
