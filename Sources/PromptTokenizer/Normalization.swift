/// The Unicode normalization a tokenizer applies to text before splitting
/// it into pieces.
public enum Normalization: String, Sendable {
    /// The text is encoded as it is (tiktoken's encodings, DeepSeek V3).
    case none
    /// NFC first, as a `tokenizer.json` whose normalizer is `NFC` asks
    /// (Qwen). Matches Hugging Face tokenizers' `NFC`, whose Unicode data is
    /// version 9.0's: characters assigned since are left as they are.
    /// Text that is NFC already (all ASCII and Latin-1, most other text) is
    /// found so by a quick scan and not copied.
    case nfc
}
