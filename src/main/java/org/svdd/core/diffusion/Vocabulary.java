package org.svdd.core.diffusion;

import java.util.List;

/**
 * The symbols of a sequence domain plus two special tokens. Ids {@code 0..size()-1} are the symbols,
 * {@link #pad()} ends a shorter-than-maximum sequence, {@link #mask()} is the absorbing state. A
 * denoiser predicts over the {@link #cleanSize()} = symbols + pad classes; mask is never predicted.
 */
public record Vocabulary(List<Character> symbols) {

  public Vocabulary {
    symbols = List.copyOf(symbols);
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("a vocabulary needs at least one symbol");
    }
  }

  /** The RNA alphabet A, C, G, U. */
  public static Vocabulary rna() {
    return new Vocabulary(List.of('A', 'C', 'G', 'U'));
  }

  /** Number of symbols (excluding pad and mask). */
  public int size() {
    return symbols.size();
  }

  public int pad() {
    return symbols.size();
  }

  public int mask() {
    return symbols.size() + 1;
  }

  /** Classes a denoiser predicts: every symbol and pad. */
  public int cleanSize() {
    return symbols.size() + 1;
  }

  /** Classes a denoiser reads: every symbol, pad and mask. */
  public int inputSize() {
    return symbols.size() + 2;
  }

  /** The text of a clean state: its symbols in order, pad tokens dropped. */
  public String decode(TokenState state) {
    StringBuilder text = new StringBuilder(state.length());
    for (int i = 0; i < state.length(); i++) {
      int token = state.at(i);
      if (token < size()) {
        text.append(symbols.get(token));
      } else if (token == mask()) {
        throw new IllegalArgumentException("cannot decode a state that still has masked positions");
      }
    }
    return text.toString();
  }

  /** Encodes text into a state of exactly {@code length} tokens, padding the end. */
  public TokenState encode(String text, int length) {
    if (text.length() > length) {
      throw new IllegalArgumentException(
          "sequence of " + text.length() + " symbols exceeds the maximum length " + length);
    }
    int[] tokens = new int[length];
    for (int i = 0; i < length; i++) {
      if (i < text.length()) {
        int id = symbols.indexOf(Character.toUpperCase(text.charAt(i)));
        if (id < 0) {
          throw new IllegalArgumentException(
              "symbol '" + text.charAt(i) + "' at position " + i + " is not one of " + symbols);
        }
        tokens[i] = id;
      } else {
        tokens[i] = pad();
      }
    }
    return new TokenState(tokens);
  }
}
