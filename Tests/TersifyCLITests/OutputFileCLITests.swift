import Foundation
import TersifyTestSupport
import Testing

/// `-o FILE` onto every kind of path: a regular file is replaced atomically
/// (and no temporary file survives an error or a signal), a symbolic link
/// keeps being a link to the rewritten target, and anything that is not a
/// regular file (a device, a FIFO, a socket, standard output) is written
/// to, never renamed over.
@Suite("tersify -o FILE")
struct OutputFileCLITests {
    let cli = CLITests()
    static let input = Data(("The harbor museum opens at ten. Tickets cost 18 euros. The pier is long and old.\n\n"
        + "Boat tours leave every hour from the north basin. The basin is 12 m deep.\n\nWhen does the museum open?").utf8)

    /// The output of the lossless passes on `input`, by standard output.
    func expectedOutput() throws -> Data {
        let result = try cli.run([], stdin: Self.input)
        #expect(result.status == 0 && !result.stdout.isEmpty)
        return result.stdout
    }

    /// A new empty folder.
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tersify-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a shell command line with `$T` set to the binary.
    func shell(_ command: String, stdin: Data = Data()) throws -> ProcessOutput {
        try runProcess("/bin/sh", ["-c", command], stdin: stdin, environment: ["T": CLITests.binary])
    }

    /// The file type bits of `path` itself (a link is not followed); nil when it does not exist.
    static func type(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    /// Names of temporary files `-o` may have left in `folder`.
    static func leftovers(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tersify-") }
    }

    /// Runs a shell command line as an ordinary user (`nobody`, through setpriv), or
    /// returns nil when that is not possible here (not root, or no setpriv).
    func asOrdinaryUser(_ command: String) throws -> ProcessOutput? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
              let nobody = getpwnam("nobody")
        else { return nil }
        let uid = nobody.pointee.pw_uid, gid = nobody.pointee.pw_gid
        return try shell("exec /usr/bin/setpriv --reuid=\(uid) --regid=\(gid) --clear-groups sh -c '\(command)'")
    }

    // MARK: Devices

    @Test("-o onto a character device writes to it: /dev/null stays a character device, as root and as a user")
    func characterDevice() throws {
        // First a private null device (mknod), so that a regression is caught
        // on a node of our own before /dev/null itself is tried.
        let dir = try folder()
        let node = dir + "/null"
        if mknod(node, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 {  // makedev(1, 3): the null device
            let result = try cli.run(["-o", node], stdin: Self.input)
            #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result.errorText)")
            try #require(Self.type(node) == S_IFCHR, "the private null device was replaced")
            #expect(try Self.leftovers(in: dir).isEmpty)
        }
        let result = try cli.run(["-o", "/dev/null"], stdin: Self.input)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result.errorText)")
        #expect(Self.type("/dev/null") == S_IFCHR)
        #expect(try Self.leftovers(in: "/dev").isEmpty)
        // An ordinary user cannot create files in /dev: writing there directly
        // is the only way. (The user cannot read root's vocabulary cache: a
        // vocabulary of the 256 bytes, in a folder anyone can read.)
        let vocabulary = dir + "/bytes.tiktoken"
        let lines = (0..<256).map { Data([UInt8($0)]).base64EncodedString() + " \($0)\n" }.joined()
        try Data(lines.utf8).write(to: URL(fileURLWithPath: vocabulary))
        #expect(chmod(dir, 0o755) == 0 && chmod(vocabulary, 0o644) == 0)
        let command = "printf \"Some text. More text.\" | \"$T\" --tokenizer \(vocabulary) --budget 30 -o /dev/null"
        if let user = try asOrdinaryUser(command) {
            #expect(user.status == 0 && user.stderr.isEmpty, "\(user.errorText)")
        } else {
            print("skipped the ordinary-user case: not root, or no /usr/bin/setpriv")
        }
        #expect(Self.type("/dev/null") == S_IFCHR)
        // A device that refuses the bytes is an error, not a silent success.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try cli.run(["-o", "/dev/full"], stdin: Self.input)
            #expect(full.status == 1 && full.errorText == "Error: /dev/full: write failed (No space left on device)\n",
                    "\(full.errorText)")
            #expect(Self.type("/dev/full") == S_IFCHR)
        }
    }

    @Test("-o /dev/stdout, or a link to standard output, writes to standard output")
    func standardOutput() throws {
        let expected = try expectedOutput()
        // First a link of our own to the descriptor, so that a regression is
        // caught there before /dev/stdout itself is tried.
        let dir = try folder()
        let link = dir + "/out"
        #expect(symlink("/proc/self/fd/1", link) == 0)
        let viaLink = try cli.run(["-o", link], stdin: Self.input)
        #expect(viaLink.status == 0 && viaLink.stdout == expected, "\(viaLink.errorText)")
        try #require(Self.type(link) == S_IFLNK, "the link to standard output was replaced")
        #expect(try Self.leftovers(in: dir).isEmpty)
        let viaDev = try cli.run(["-o", "/dev/stdout"], stdin: Self.input)
        #expect(viaDev.status == 0 && viaDev.stdout == expected && viaDev.stderr.isEmpty, "\(viaDev.errorText)")
        #expect(Self.type("/dev/stdout") == S_IFLNK)
        // Standard output redirected to a file, in append mode: appended, not truncated or replaced.
        let file = dir + "/log.txt"
        try Data("before\n".utf8).write(to: URL(fileURLWithPath: file))
        let appended = try shell("\"$T\" -o /dev/stdout >> \"\(file)\"", stdin: Self.input)
        #expect(appended.status == 0, "\(appended.errorText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("before\n".utf8) + expected)
    }

    // MARK: FIFOs and sockets

    @Test("-o onto a FIFO writes into it: a reader gets the output, the FIFO stays a FIFO")
    func fifo() throws {
        let expected = try expectedOutput()
        let dir = try folder()
        let path = dir + "/pipe"
        try #require(mkfifo(path, 0o600) == 0)
        // A second name for the FIFO: if the path were replaced, opening this
        // one for writing releases a reader still waiting (with no data), so
        // the test fails instead of hanging.
        let spare = dir + "/spare"
        try #require(link(path, spare) == 0)

        final class Box: @unchecked Sendable { var data = Data() }
        let received = Box()
        let done = DispatchSemaphore(value: 0)
        Thread {
            if let handle = FileHandle(forReadingAtPath: path) {
                received.data = handle.readDataToEndOfFile()
                try? handle.close()
            }
            done.signal()
        }.start()
        let result = try cli.run(["-o", path], stdin: Self.input)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result.errorText)")
        if done.wait(timeout: .now() + 10) == .timedOut {
            let writer = open(spare, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        #expect(received.data == expected)
        #expect(Self.type(path) == S_IFIFO)
        #expect(try Self.leftovers(in: dir).isEmpty)
    }

    @Test("-o onto a Unix socket connects and writes to it")
    func socket() throws {
        let expected = try expectedOutput()
        let dir = try folder()
        let path = dir + "/s"
        let listener = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(listener, 1) == 0)

        final class Box: @unchecked Sendable { var data = Data() }
        let received = Box()
        let done = DispatchSemaphore(value: 0)
        Thread {
            let connection = accept(listener, nil, nil)
            if connection >= 0 {
                received.data = FileHandle(fileDescriptor: connection, closeOnDealloc: true).readDataToEndOfFile()
            }
            done.signal()
        }.start()
        let result = try cli.run(["-o", path], stdin: Self.input)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.errorText)")
        if done.wait(timeout: .now() + 10) == .timedOut {
            // Nothing connected: wake the accepting thread, and fail below.
            shutdown(listener, Int32(SHUT_RDWR))
            done.wait()
        }
        #expect(received.data == expected)
        #expect(Self.type(path) == S_IFSOCK)
    }

    // MARK: Symbolic links

    @Test("-o onto a symbolic link rewrites its target atomically and keeps the link", arguments: [
        "relative", "absolute", "chain", "dangling",
    ])
    func symbolicLink(kind: String) throws {
        let expected = try expectedOutput()
        let dir = try folder()
        let targets = dir + "/targets"
        try FileManager.default.createDirectory(atPath: targets, withIntermediateDirectories: true)
        let target = targets + "/prompt.txt"
        if kind != "dangling" {
            try Data("old contents\n".utf8).write(to: URL(fileURLWithPath: target))
            #expect(chmod(target, 0o640) == 0)
        }
        let link = dir + "/link.txt"
        switch kind {
        case "absolute": #expect(symlink(target, link) == 0)
        case "chain":
            #expect(symlink("targets/prompt.txt", dir + "/first.txt") == 0)
            #expect(symlink("first.txt", link) == 0)
        default: #expect(symlink("targets/prompt.txt", link) == 0)
        }
        let before = try FileManager.default.destinationOfSymbolicLink(atPath: link)
        let result = try cli.run(["-o", link], stdin: Self.input)
        #expect(result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty, "\(result.errorText)")
        #expect(Self.type(link) == S_IFLNK, "the link was replaced")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == before)
        #expect(Self.type(target) == S_IFREG)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == expected)
        if kind != "dangling" { #expect(Self.mode(target) == 0o640, "the target's mode is kept") }
        #expect(try Self.leftovers(in: dir).isEmpty && (try Self.leftovers(in: targets)).isEmpty)
    }

    @Test("-o onto a link loop or a link to a folder: exit 1 with the reason, nothing written")
    func badLinks() throws {
        let dir = try folder()
        #expect(symlink("b", dir + "/a") == 0 && symlink("a", dir + "/b") == 0)
        let loop = try cli.run(["-o", dir + "/a"], stdin: Self.input)
        #expect(loop.status == 1 && loop.errorText.hasPrefix("Error: \(dir)/a: ") && loop.stdout.isEmpty, "\(loop.errorText)")
        #expect(loop.errorText.contains("symbolic links"), "\(loop.errorText)")
        #expect(symlink(dir, dir + "/folder") == 0)
        let folder = try cli.run(["-o", dir + "/folder"], stdin: Self.input)
        #expect(folder.status == 1 && folder.errorText == "Error: \(dir)/folder: is a directory\n", "\(folder.errorText)")
        #expect(try Self.leftovers(in: dir).isEmpty)
    }

    // MARK: Interrupted and failed writes

    /// Whether strace can inject signals here (it needs ptrace).
    static let straceWorks: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"),
              let probe = try? runProcess("/usr/bin/strace", ["-o", "/dev/null", "/bin/true"])
        else { return false }
        return probe.status == 0
    }()

    @Test("a signal while the temporary file is written removes it and ends with the signal's status",
          arguments: [("SIGINT", 2), ("SIGTERM", 15), ("SIGHUP", 1)])
    func signalDuringWrite(name: String, number: Int32) throws {
        guard Self.straceWorks else {
            print("skipped: strace is not installed or cannot trace here (ptrace not permitted)")
            return
        }
        let dir = try folder()
        let out = dir + "/out.txt"
        try Data("old contents\n".utf8).write(to: URL(fileURLWithPath: out))
        // strace delivers the signal when the temporary file is flushed
        // (fsync): deterministically inside the window where it exists.
        let result = try shell(
            "/usr/bin/strace -o /dev/null -e trace=fsync -e inject=fsync:signal=\(name) \"$T\" -o \"\(out)\"; echo \"status $?\"",
            stdin: Self.input)
        #expect(result.text == "status \(128 + number)\n", "\(result.text) \(result.errorText)")
        #expect(try Self.leftovers(in: dir).isEmpty, "a temporary file was left behind")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data("old contents\n".utf8))
    }

    @Test("a signal the process ignores (nohup, trap '' INT) stays ignored: the output is written")
    func ignoredSignal() throws {
        guard Self.straceWorks else {
            print("skipped: strace is not installed or cannot trace here (ptrace not permitted)")
            return
        }
        let expected = try expectedOutput()
        let dir = try folder()
        let out = dir + "/out.txt"
        let result = try shell(
            "trap '' INT; /usr/bin/strace -o /dev/null -e trace=fsync -e inject=fsync:signal=SIGINT \"$T\" -o \"\(out)\"; echo \"status $?\"",
            stdin: Self.input)
        #expect(result.text == "status 0\n", "\(result.text) \(result.errorText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expected)
        #expect(try Self.leftovers(in: dir).isEmpty)
    }

    @Test("a write that fails (file size limit) removes the temporary file: exit 1, or the signal's status")
    func failedWrite() throws {
        let dir = try folder()
        let out = dir + "/out.txt"
        // 50 KB of lossless output; the limit is 1 block (512 bytes for sh's ulimit -f).
        let big = Data(String(repeating: "Line of text that stays. ", count: 2_000).utf8)
        let ignored = try shell("ulimit -f 1; trap '' XFSZ; exec \"$T\" --passes normalize -o \"\(out)\"", stdin: big)
        #expect(ignored.status == 1, "\(ignored.errorText)")
        #expect(ignored.errorText == "Error: \(out): write failed (File too large)\n", "\(ignored.errorText)")
        #expect(try Self.leftovers(in: dir).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
        // Without the trap the kernel's SIGXFSZ ends the process; it still cleans up.
        let signalled = try shell("ulimit -f 1; \"$T\" --passes normalize -o \"\(out)\"; echo \"status $?\"", stdin: big)
        #expect(signalled.text == "status \(128 + SIGXFSZ)\n", "\(signalled.text) \(signalled.errorText)")
        #expect(try Self.leftovers(in: dir).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a regular file is still replaced atomically, keeping its mode; a new file gets 0644 less the umask")
    func regularFile() throws {
        let expected = try expectedOutput()
        let dir = try folder()
        let out = dir + "/out.txt"
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: out))
        #expect(chmod(out, 0o604) == 0)
        var before = stat()
        #expect(stat(out, &before) == 0)
        let result = try cli.run(["-o", out], stdin: Self.input)
        #expect(result.status == 0 && result.stdout.isEmpty, "\(result.errorText)")
        var after = stat()
        #expect(stat(out, &after) == 0)
        #expect(after.st_ino != before.st_ino, "replaced by rename, not written in place")
        #expect(Self.mode(out) == 0o604)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == expected)
        let fresh = try shell("umask 027; exec \"$T\" -o \"\(dir)/new.txt\"", stdin: Self.input)
        #expect(fresh.status == 0 && Self.mode(dir + "/new.txt") == 0o640, "\(fresh.errorText)")
        #expect(try Self.leftovers(in: dir).isEmpty)
    }
}
