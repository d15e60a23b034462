package org.svdd.task.dna;

/**
 * Core-promoter elements found by their consensus, the motif-level check beside a promoter predictor: the
 * TATA box, TATAWAWR (Juven-Gershon and Kadonaga 2010), which sits about 30 bases upstream of the
 * transcription start site in Drosophila (Ohler et al. 2002). A window here ends just before the start
 * site, so the box is searched with its first base {@link #TATA_FROM} to {@link #TATA_TO} bases before the
 * window's end. (The Inr and DPE straddle or follow the start site, outside an upstream window.)
 */
public final class CorePromoterMotifs {
  static final String TATA = "TATAWAWR";
  /** The box's first base lies this many bases before the window's end, at most... */
  static final int TATA_FROM = 40;
  /** ...and at least this many. */
  static final int TATA_TO = 22;

  private CorePromoterMotifs() {}

  /** Whether a TATA box lies where a core promoter has it, counted back from the window's end. */
  public static boolean hasTata(String window) {
    int length = window.length();
    for (int back = TATA_FROM; back >= TATA_TO; back--) {
      int from = length - back;
      if (from >= 0 && from + TATA.length() <= length && matches(window, from, TATA)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code s} from {@code from} matches an IUPAC consensus (A, C, G, T, W = A/T, R = A/G). */
  static boolean matches(String s, int from, String consensus) {
    for (int i = 0; i < consensus.length(); i++) {
      char base = s.charAt(from + i);
      boolean ok = switch (consensus.charAt(i)) {
        case 'W' -> base == 'A' || base == 'T';
        case 'R' -> base == 'A' || base == 'G';
        default -> base == consensus.charAt(i);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
