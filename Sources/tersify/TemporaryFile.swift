import Glibc

/// A temporary file made by `mkstemp` for an atomic write, which no exit
/// leaves behind: `commit(as:)` flushes it and renames it over the target,
/// `discard()` removes it, and a terminating signal (SIGINT, SIGTERM,
/// SIGHUP, SIGXFSZ) that arrives while it exists removes it and then ends
/// the process with that signal, as the default action would have.
///
///     let file = try TemporaryFile(template: "out/.x.tersify-XXXXXX", for: "out/x")
///     do { try writeAll(bytes, to: file.descriptor, name: "out/x"); try file.commit(as: "out/x") }
///     catch { file.discard(); throw error }
///
/// The signal handlers are installed only while the file exists (the
/// previous ones are put back after), and a signal the process ignores
/// (`nohup`, `trap '' INT`) stays ignored. The handler only calls
/// async-signal-safe functions (unlink, sigaction, raise) on a path
/// prepared before it is installed. Signals are blocked while the file is
/// created and while it is renamed or removed, so a handler never runs
/// between the two halves of either.
final class TemporaryFile {
    /// The signals that remove the file.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGXFSZ]

    /// The file's descriptor, open for writing.
    let descriptor: Int32
    /// The file's path, NUL-terminated, allocated until the file is gone
    /// (the signal handler reads it).
    let path: UnsafeMutablePointer<CChar>
    /// The path the user gave for the output, for messages.
    let name: String
    /// The handlers in place before, restored when the file is gone.
    let previous: [sigaction]
    /// Whether `descriptor` is still open.
    private var isOpen = true
    /// Whether the file is gone: renamed or removed, the handlers restored.
    private var isFinished = false

    /// Creates the file from a `mkstemp` template (ending in `XXXXXX`) and
    /// arms the signal handlers.
    ///
    /// - Throws: `CLIFailure` (exit 1) when the file cannot be created.
    init(template: String, for name: String) throws(CLIFailure) {
        let bytes = Array(template.utf8CString)
        path = .allocate(capacity: bytes.count)
        path.initialize(from: bytes, count: bytes.count)
        self.name = name

        let blocked = Self.blockSignals()
        previous = Self.installHandlers(for: path)
        descriptor = mkstemp(path)
        let code = errno
        if descriptor < 0 {
            Self.restore(previous)
            Self.unblock(blocked)
            path.deallocate()
            throw CLIFailure(.runtime, "\(name): cannot create a temporary file (\(String(cString: strerror(code))))")
        }
        Self.unblock(blocked)
    }

    /// Flushes and closes the file, then renames it to `target`.
    ///
    /// - Throws: `CLIFailure` (exit 1) naming the step that failed; the
    ///   file is still there for `discard()`.
    func commit(as target: String) throws(CLIFailure) {
        guard fsync(descriptor) == 0 else { throw failure("cannot flush") }
        let closed = close(descriptor)
        let closeError = errno
        isOpen = false
        let blocked = Self.blockSignals()
        guard closed == 0 || closeError == EINTR else {
            Self.unblock(blocked)
            throw CLIFailure(.runtime, "\(name): cannot close (\(String(cString: strerror(closeError))))")
        }
        guard rename(path, target) == 0 else {
            let code = errno
            Self.unblock(blocked)
            throw CLIFailure(.runtime, "\(name): cannot rename the temporary file (\(String(cString: strerror(code))))")
        }
        finish(blocked)
    }

    /// Removes the file (after an error), closing it if it is still open;
    /// does nothing once the file is renamed or removed.
    func discard() {
        if isOpen {
            close(descriptor)
            isOpen = false
        }
        guard !isFinished else { return }
        let blocked = Self.blockSignals()
        unlink(path)
        finish(blocked)
    }

    /// Disarms the handlers and frees the path, signals still blocked.
    private func finish(_ blocked: sigset_t) {
        Self.restore(previous)
        path.deallocate()
        isFinished = true
        Self.unblock(blocked)
    }

    private func failure(_ what: String) -> CLIFailure {
        CLIFailure(.runtime, "\(name): \(what) (\(String(cString: strerror(errno))))")
    }

    // MARK: Signals

    /// The set of `signals`.
    static var signalSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }

    /// Blocks `signals` in this thread and returns the mask before.
    static func blockSignals() -> sigset_t {
        var set = signalSet, old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &set, &old)
        return old
    }

    static func unblock(_ old: sigset_t) {
        var old = old
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }

    /// Points the handler at `path` and installs it for every signal not
    /// ignored; returns the actions before.
    static func installHandlers(for path: UnsafeMutablePointer<CChar>) -> [sigaction] {
        TemporaryFileSignals.path = path
        var previous: [sigaction] = []
        for signal in signals {
            var old = sigaction()
            sigaction(signal, nil, &old)
            previous.append(old)
            // An ignored signal stays ignored (SIG_IGN is the handler 1).
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = removeTemporaryFileAndReraise
            action.sa_mask = signalSet
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
        return previous
    }

    /// Puts back the actions `installHandlers` replaced.
    static func restore(_ previous: [sigaction]) {
        for (signal, old) in zip(signals, previous) {
            var old = old
            sigaction(signal, &old, nil)
        }
        TemporaryFileSignals.path = nil
    }
}

/// The handler: removes the temporary file, restores the default action
/// and raises the signal again, which ends the process when the handler
/// returns (the signal is blocked until then).
func removeTemporaryFileAndReraise(_ signal: Int32) {
    if let path = TemporaryFileSignals.path { unlink(path) }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = nil  // SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    raise(signal)
}
