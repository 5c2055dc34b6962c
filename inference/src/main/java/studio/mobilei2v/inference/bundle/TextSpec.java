package studio.mobilei2v.inference.bundle;

/** manifest "conditioning.text" when present: a tokenizer and a text-encoder graph role. */
public record TextSpec(String tokenizer, GraphRole graph) {
}
