import PromptTokenizer

/// The tokenizers the tests use, each loaded once from the vocabulary cache.
public enum TestTokenizers {
    /// cl100k_base, which every suite may assume (`scripts/fetch-vocabulary.sh`
    /// with no argument fetches it); a missing file stops the run with the fix.
    public static let cl100k: Tokenizer = {
        do {
            return try Tokenizer.named("cl100k_base")
        } catch {
            fatalError("cl100k_base is needed by the tests: \(error); run scripts/fetch-vocabulary.sh")
        }
    }()

    /// o200k_base; nil when it is not in the cache (its suites then skip, or
    /// fail under `TERSIFY_STRICT_TESTS=1`).
    public static let o200k: Tokenizer? = try? Tokenizer.named("o200k_base")

    /// Llama 3's; nil when it is not in the cache.
    public static let llama3: Tokenizer? = try? Tokenizer.named("llama3")

    /// o200k_harmony (o200k_base's file); nil when it is not in the cache.
    public static let o200kHarmony: Tokenizer? = try? Tokenizer.named("o200k_harmony")

    /// Mistral's Tekken; nil when it is not in the cache.
    public static let tekken: Tokenizer? = try? Tokenizer.named("mistral-tekken")

    /// The Hugging Face `tokenizer.json` files of the parity suite, by name;
    /// a name whose file is not in the cache is missing.
    public static let huggingFace: [String: Tokenizer] = {
        var loaded: [String: Tokenizer] = [:]
        for name in ["qwen2.5", "qwen3", "deepseek-v3"] { loaded[name] = try? Tokenizer.named(name) }
        return loaded
    }()
}
