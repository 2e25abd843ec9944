import Glibc

/// Writes the output of `-o FILE`, by what the path names.
///
/// - A regular file (or a new one) is replaced atomically: the bytes go to
///   a temporary file in the same folder, which is flushed and renamed over
///   it, keeping its mode. A reader sees the old file or the new one, never
///   a part; an input file named as the output is replaced by rename, never
///   written in place. The temporary file is removed on any error, and on
///   SIGINT, SIGTERM, SIGHUP or SIGXFSZ while it exists (the signal then
///   ends the process as it would have: exit status 128 + its number).
/// - A symbolic link is followed (chains too, and a link to a file not yet
///   there): its target is replaced atomically and the link stays a link.
/// - Standard output or standard error themselves (`/dev/stdout`, or the
///   file a descriptor was redirected to) are written through that
///   descriptor, so that `>>` appends.
/// - Anything else that is not a regular file (a character or block
///   device such as /dev/null, a FIFO, a Unix socket) is opened and
///   written to directly; it is never renamed over.
/// - A folder, a link loop or a missing folder is an error.
///
///     try OutputFile.write(bytes, to: "short.txt")
enum OutputFile {
    /// Symbolic links followed at most, as the kernel's own limit (ELOOP).
    static let maximumLinks = 40

    /// Writes `bytes` to `path` (see the type's description).
    ///
    /// - Throws: `CLIFailure` (exit 1) naming the path and the reason.
    static func write(_ bytes: [UInt8], to path: String) throws(CLIFailure) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            // A link to a file not yet there: create the file it names.
            if code == ENOENT, let target = try resolvedLink(path) {
                return try replaceAtomically(bytes, at: target, named: path)
            }
            if code == ENOENT { return try replaceAtomically(bytes, at: path, named: path) }
            throw failure(path, code)
        }
        for descriptor in [STDOUT_FILENO, STDERR_FILENO] {
            var open = stat()
            if fstat(descriptor, &open) == 0 && open.st_dev == info.st_dev && open.st_ino == info.st_ino {
                return try writeAll(bytes, to: descriptor, name: path)
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw CLIFailure(.runtime, "\(path): is a directory")
        case S_IFREG:
            let target = try resolvedLink(path) ?? path
            try replaceAtomically(bytes, at: target, named: path)
        case S_IFSOCK: try writeToSocket(bytes, at: path)
        default: try writeDirectly(bytes, to: path)
        }
    }

    /// The path a symbolic link finally names (following a chain of links),
    /// which may not exist yet; nil when `path` is not a link.
    static func resolvedLink(_ path: String) throws(CLIFailure) -> String? {
        var current = path
        for _ in 0...maximumLinks {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else {
                return current == path ? nil : current
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { throw failure(path, errno) }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : folder(of: current) + "/" + target
        }
        throw failure(path, ELOOP)
    }

    /// The folder of a path: "." for a bare name.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path: what (reason)`, with the system's description of `code`.
    static func failure(_ path: String, _ code: Int32, _ what: String? = nil) -> CLIFailure {
        let reason = String(cString: strerror(code))
        switch code {
        case ELOOP: return CLIFailure(.runtime, "\(path): cannot follow its symbolic links (\(reason))")
        case EISDIR: return CLIFailure(.runtime, "\(path): is a directory")
        default: return CLIFailure(.runtime, what.map { "\(path): \($0) (\(reason))" } ?? "\(path): \(reason)")
        }
    }

    // MARK: Not a regular file

    /// Opens a device or a FIFO for writing and writes to it; a FIFO waits
    /// for its reader, as a shell's `>` does.
    static func writeDirectly(_ bytes: [UInt8], to path: String) throws(CLIFailure) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw failure(path, errno, "cannot open") }
        try finishDirectWrite(bytes, descriptor: descriptor, path: path)
    }

    /// Connects to a Unix stream socket and writes to it.
    static func writeToSocket(_ bytes: [UInt8], at path: String) throws(CLIFailure) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let name = Array(path.utf8)
        guard name.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw CLIFailure(.runtime, "\(path): the socket's path is too long to connect to")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in name.enumerated() { buffer[index] = byte }
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw failure(path, errno, "cannot connect") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            throw failure(path, code, "cannot connect")
        }
        try finishDirectWrite(bytes, descriptor: descriptor, path: path)
    }

    /// Writes everything to an open descriptor and closes it, reporting a
    /// failed close (where a delayed write error shows).
    static func finishDirectWrite(_ bytes: [UInt8], descriptor: Int32, path: String) throws(CLIFailure) {
        do {
            try writeAll(bytes, to: descriptor, name: path)
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 || errno == EINTR else { throw failure(path, errno, "cannot close") }
    }

    // MARK: Regular files

    /// Replaces the regular file at `target` (or creates it) through a
    /// temporary file in its folder; `name` is the path the user gave, for
    /// messages.
    static func replaceAtomically(_ bytes: [UInt8], at target: String, named name: String) throws(CLIFailure) {
        let folder = folder(of: target)
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw CLIFailure(.runtime, "\(name): no such folder \(folder)")
        }
        // Keep the mode of a file being replaced; mkstemp makes 0600, a new file gets 0644 less the umask.
        var mode: mode_t = 0o644
        if stat(target, &info) == 0 {
            mode = info.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode &= ~mask
        }
        let base = target.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? target
        let temporary = try TemporaryFile(template: folder + "/." + base + ".tersify-XXXXXX", for: name)
        do throws(CLIFailure) {
            guard fchmod(temporary.descriptor, mode) == 0 else { throw failure(name, errno, "cannot set the mode") }
            try writeAll(bytes, to: temporary.descriptor, name: name)
            try temporary.commit(as: target)
        } catch {
            temporary.discard()
            throw error
        }
    }
}
