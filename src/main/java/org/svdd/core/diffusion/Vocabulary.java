package org.svdd.core.diffusion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbols of a sequence domain plus two special tokens. Ids {@code 0..size()-1} are the symbols,
 * {@link #pad()} ends a shorter-than-maximum sequence, {@link #mask()} is the absorbing state. A
 * denoiser predicts over the {@link #cleanSize()} = symbols + pad classes; mask is never predicted.
 *
 * <p>A symbol is a non-empty string without whitespace: one letter for nucleotides, a bracketed word
 * such as {@code [=C]} for SELFIES. Text is split into symbols by longest match, which is unambiguous
 * for both kinds.
 */
public record Vocabulary(List<String> symbols) implements DesignCodec {

  public Vocabulary {
    symbols = List.copyOf(symbols);
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("a vocabulary needs at least one symbol");
    }
    if (symbols.stream().distinct().count() != symbols.size()) {
      throw new IllegalArgumentException("vocabulary symbols must be distinct: " + symbols);
    }
    for (String s : symbols) {
      if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a vocabulary symbol must be non-empty without whitespace, got '" + s + "'");
      }
    }
  }

  /** One symbol per character of {@code characters}. */
  public static Vocabulary ofCharacters(String characters) {
    List<String> list = new ArrayList<>();
    characters.chars().forEach(c -> list.add(String.valueOf((char) c)));
    return new Vocabulary(list);
  }

  /** The RNA alphabet A, C, G, U. */
  public static Vocabulary rna() {
    return ofCharacters("ACGU");
  }

  /** Whether every symbol is a single character (then the symbols can be written as one word). */
  public boolean singleCharacters() {
    return symbols.stream().allMatch(s -> s.length() == 1);
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
    return String.join("", symbolsOf(state));
  }

  /** The symbols of a clean state in order, pad tokens dropped. */
  public List<String> symbolsOf(TokenState state) {
    List<String> out = new ArrayList<>(state.length());
    for (int i = 0; i < state.length(); i++) {
      int token = state.at(i);
      if (token < size()) {
        out.add(symbols.get(token));
      } else if (token == mask()) {
        throw new IllegalArgumentException("cannot decode a state that still has masked positions");
      }
    }
    return out;
  }

  /** Splits text into symbol ids by longest match; a lower-case letter matches its upper-case symbol. */
  public int[] tokenize(String text) {
    Map<String, Integer> ids = ids();
    int longest = symbols.stream().mapToInt(String::length).max().orElse(1);
    List<Integer> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      Integer id = null;
      int matched = 0;
      for (int n = Math.min(longest, text.length() - i); n >= 1 && id == null; n--) {
        id = ids.get(text.substring(i, i + n));
        matched = n;
      }
      if (id == null) {
        id = ids.get(String.valueOf(Character.toUpperCase(text.charAt(i))));
        matched = 1;
      }
      if (id == null) {
        throw new IllegalArgumentException(
            "symbol '" + text.charAt(i) + "' at position " + i + " is not one of " + symbols);
      }
      out.add(id);
      i += matched;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Encodes text into a state of exactly {@code length} tokens, padding the end. */
  public TokenState encode(String text, int length) {
    int[] ids = tokenize(text);
    if (ids.length > length) {
      throw new IllegalArgumentException(
          "sequence of " + ids.length + " symbols exceeds the maximum length " + length);
    }
    int[] tokens = new int[length];
    java.util.Arrays.fill(tokens, pad());
    System.arraycopy(ids, 0, tokens, 0, ids.length);
    return new TokenState(tokens);
  }

  @Override
  public String text(State design) {
    return decode((TokenState) design);
  }

  @Override
  public TokenState parse(String text, int length) {
    return encode(text, length);
  }

  private Map<String, Integer> ids() {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < symbols.size(); i++) {
      ids.put(symbols.get(i), i);
    }
    return ids;
  }
}
