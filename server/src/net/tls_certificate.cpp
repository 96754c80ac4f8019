#include "net/tls_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <functional>
#include <memory>

#include "tally/files/write_file.hpp"

namespace tally::server {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

Error tls_error(const std::string& what) {
  return make_error(ErrorCode::kTlsError, "TLS certificate: " + what);
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return false;
  const bool added = X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

Result<std::string> to_pem(const std::function<int(BIO*)>& write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) return tls_error("cannot encode PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

Status write_self_signed_certificate(const std::string& cert_path, const std::string& key_path,
                                     int days) {
  KeyPtr key(EVP_EC_gen("P-256"));
  CertPtr cert(X509_new());
  if (!key || !cert) return tls_error("cannot generate a P-256 key");
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return tls_error("no random serial");
  serial[0] &= 0x7f;  // a positive serial number
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_set = serial_number != nullptr &&
                          BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(cert.get()));
  BN_free(serial_number);
  X509_NAME* name = X509_get_subject_name(cert.get());
  const bool ok =
      serial_set && X509_set_version(cert.get(), 2) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400) != nullptr &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                                 0) == 1 &&
      X509_set_issuer_name(cert.get(), name) == 1 && X509_set_pubkey(cert.get(), key.get()) == 1 &&
      add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") &&
      add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") &&
      add_extension(cert.get(), NID_key_usage, "critical,digitalSignature") &&
      add_extension(cert.get(), NID_ext_key_usage, "serverAuth") &&
      X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) return tls_error("cannot build the certificate");

  auto key_pem = to_pem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  auto cert_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
  if (!key_pem) return std::move(key_pem).error();
  if (!cert_pem) return std::move(cert_pem).error();
  if (auto status = write_private_file(key_path, *key_pem); !status) return status;
  return write_file_atomically(cert_path, *cert_pem);
}

Status load_server_tls(boost::asio::ssl::context& context, const std::string& cert_path,
                       const std::string& key_path) {
  boost::system::error_code error;
  context.set_options(
      boost::asio::ssl::context::default_workarounds | boost::asio::ssl::context::no_sslv2 |
          boost::asio::ssl::context::no_sslv3 | boost::asio::ssl::context::no_tlsv1 |
          boost::asio::ssl::context::no_tlsv1_1,
      error);
  if (!error) context.use_certificate_chain_file(cert_path, error);
  if (!error) context.use_private_key_file(key_path, boost::asio::ssl::context::pem, error);
  if (error)
    return tls_error("cannot load " + cert_path + " / " + key_path + ": " + error.message());
  // An idle connection gives its TLS record buffers back to the allocator (about 34 KB a
  // connection): thousands of connected devices are idle most of the time.
  SSL_CTX_set_mode(context.native_handle(), SSL_MODE_RELEASE_BUFFERS);
  // One TLS 1.3 ticket a connection, not OpenSSL's two: a device holds one connection at
  // a time and resumes with its newest ticket (each ticket costs an encryption and a
  // record on every handshake, resumed ones included).
  SSL_CTX_set_num_tickets(context.native_handle(), 1);
  return {};
}

}  // namespace tally::server
