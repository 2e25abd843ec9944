import CDigest

/// SHA-256 of bytes, as lower-case hexadecimal: the check of a vocabulary
/// file against its pinned hash, and of the benchmark's data files.
///
/// The digest comes from the system's libcrypto (`CDigest`).
package enum SHA256Digest {
    /// The hexadecimal SHA-256 digest of `bytes`.
    ///
    /// - Precondition: libcrypto computes the digest (it fails only when
    ///   the library itself is broken).
    package static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = digest.withUnsafeMutableBufferPointer { out in
            tersify_sha256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, out.baseAddress)
        }
        precondition(ok == 1, "libcrypto could not compute a SHA-256 digest")
        let hexDigits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The hexadecimal SHA-256 digest of `bytes`.
    package static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }
}
