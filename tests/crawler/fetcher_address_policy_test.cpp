// SSRF address policy: classification of IPv4/IPv6 addresses (IANA's
// special-purpose registries, RFC 6890), allow-lists and pins. The fetcher
// tests check it on real connections.
#include "crawler/fetch/address_policy.h"

#include <catch2/catch.hpp>

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

  CHECK_FALSE(ParseResolvePin("alpha-news.test").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:80").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:port:127.0.0.1").ok());
  CHECK_FALSE(ParseResolvePin("alpha-news.test:80:localhost").ok());
  auto pin = ParseResolvePin("alpha-news.test:8080:127.0.0.1,[::1]");
  REQUIRE(pin.ok());
  CHECK(pin->host == "alpha-news.test");
  CHECK(pin->port == "8080");
  REQUIRE(pin->addresses.size() == 2);
  CHECK(pin->addresses[1].ToString() == "::1");

  CHECK_FALSE(ParseConnectToPin("a:80:b").ok());
  CHECK_FALSE(ParseConnectToPin("a:http:b:80").ok());
  auto to = ParseConnectToPin("alpha-news.test:80:[::1]:8080");
  REQUIRE(to.ok());
  CHECK(to->target_host == "[::1]");
  CHECK(to->target_port == "8080");
  CHECK(ParseConnectToPin("::127.0.0.1:9000").ok());  // any host, any port
}

}  // namespace wirecrawl
