// CDigest: SHA-256 from the system's libcrypto (OpenSSL 3, libssl-dev), so
// that checking a vocabulary's hash needs no cryptography package built
// from source. Only cdigest.c includes OpenSSL's headers.
#ifndef TERSIFY_CDIGEST_H
#define TERSIFY_CDIGEST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the SHA-256 digest of `length` bytes at `bytes` (NULL when
/// `length` is 0) into `digest`. Returns 1 on success, 0 when libcrypto
/// fails (no digest is written then).
int tersify_sha256(const uint8_t *bytes, size_t length, uint8_t digest[32]);

#ifdef __cplusplus
}
#endif

#endif
