#include "cdigest.h"

#include <openssl/evp.h>

int tersify_sha256(const uint8_t *bytes, size_t length, uint8_t digest[32]) {
    static const uint8_t empty = 0;
    unsigned int size = 0;
    if (EVP_Digest(length ? (const void *)bytes : (const void *)&empty, length, digest, &size, EVP_sha256(), NULL) != 1) {
        return 0;
    }
    return size == 32;
}
