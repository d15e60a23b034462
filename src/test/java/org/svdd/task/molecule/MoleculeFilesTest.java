package org.svdd.task.molecule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.svdd.core.diffusion.TokenState;
import org.svdd.task.SequenceFiles;
import org.svdd.task.TrainingCorpus;

class MoleculeFilesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"CCO.O;more than one fragment", "CC[N+](C)(C)C;net charge 1",
      "C[Si](C)(C)C;element Si", "[13CH4]CCCC;isotope", "CCC;3 heavy atoms",
      "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC;41 heavy atoms"})
  void reject_outOfScopeMolecule_saysWhy(String smiles, String reason) {
    assertEquals(reason, MoleculeFiles.reject(Molecules.parse(smiles)));
  }

  @Test
  void reject_drugLikeMolecules_keepsThem() {
    assertNull(MoleculeFiles.reject(Molecules.parse("CC(=O)Oc1ccccc1C(=O)O")));
    assertNull(MoleculeFiles.reject(Molecules.parse("O=[N+]([O-])c1ccc(Cl)cc1")), "charge-separated but neutral");
  }

  @Test
  void readSmiles_readsOboSmiAndCsv() throws IOException {
    Path obo = write("chebi.obo", "format-version: 1.2\n\n[Term]\nid: CHEBI:15365\nname: aspirin\n"
        + "synonym: \"CC(=O)Oc1ccccc1C(O)=O\" RELATED SMILES [ChEBI:]\nsynonym: \"aspirin\" RELATED INN [ChEBI:]\n");
    Path smi = write("nci.smi", "CCO\t1\n# comment\nc1ccccc1 2\n");
    Path csv = write("wehi.csv", "\"N1C=CC(=O)c2c1c(cc(c2)C)OC\",\"WEHI-0016994\"\n");
    assertEquals(List.of(new SequenceFiles.Entry("CHEBI:15365", "CC(=O)Oc1ccccc1C(O)=O")), MoleculeFiles.readSmiles(obo));
    assertEquals(List.of(new SequenceFiles.Entry("1", "CCO"), new SequenceFiles.Entry("2", "c1ccccc1")),
        MoleculeFiles.readSmiles(smi));
    assertEquals(List.of(new SequenceFiles.Entry("WEHI-0016994", "N1C=CC(=O)c2c1c(cc(c2)C)OC")), MoleculeFiles.readSmiles(csv));
  }

  /**
   * SDF as docking tools and RDKit write it: V2000 with hydrogens as atoms and a data item (ethanol, Open Babel),
   * V3000 without a title (phenol, RDKit), a charge in an M  CHG line (acetate).
   */
  @Test
  void readSmiles_sdf_eachRecordIsItsCanonicalSmilesNamedByItsTitle() throws IOException {
    Path sdf = dir.resolve("library.sdf");
    try (var in = MoleculeFilesTest.class.getResourceAsStream("/molecules/library.sdf")) {
      Files.copy(in, sdf);
    }
    assertEquals(List.of(new SequenceFiles.Entry("ethanol", Molecules.canonical("CCO")),
            new SequenceFiles.Entry("library.sdf#2", Molecules.canonical("Oc1ccccc1")),
            new SequenceFiles.Entry("acetate", Molecules.canonical("CC(=O)[O-]"))),
        MoleculeFiles.readSmiles(sdf));
  }

  /** A FASTA file (a tRNA task's) given to the molecules task is named as such, not as its header's bad SMILES. */
  @Test
  void readSmiles_aFastaFile_isNamedAsFasta() throws IOException {
    Path fasta = Files.writeString(dir.resolve("designs.fa"), "\n>trna-1\nGCGGAUUUAGCUCAG\n");
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> MoleculeFiles.readSmiles(fasta));
    assertEquals(fasta + " looks like FASTA (its first line is a '>' header); molecules are read from SMILES lines, a CSV"
        + " or TSV table, ChEBI OBO or SDF", e.getMessage());
  }

  @Test
  void readSmiles_aFileNamedSdfWithoutAMolfile_saysSoRatherThanReadingSmiles() throws IOException {
    for (String name : List.of("garbage.sdf", "one.mol", "gz.SDF.gz")) {
      Path file = dir.resolve(name);
      byte[] text = "garbage\n$$$$\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (name.endsWith(".gz")) {
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
          out.write(text);
        }
      } else {
        Files.write(file, text);
      }
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> MoleculeFiles.readSmiles(file));
      assertEquals(file + " is named as an SDF or molfile but holds no molfile (no line 'M  END')", e.getMessage());
    }
    Path smiles = Files.writeString(dir.resolve("plain.smi"), "CCO ethanol\n");
    assertEquals(List.of(new SequenceFiles.Entry("ethanol", "CCO")), MoleculeFiles.readSmiles(smiles));
  }

  @Test
  void readSmiles_sdfRecordThatIsNotAMolfile_namesTheRecordAndItsLine() throws IOException {
    String ethanol;
    try (var in = MoleculeFilesTest.class.getResourceAsStream("/molecules/library.sdf")) {
      String all = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      ethanol = all.substring(0, all.indexOf("$$$$") + 5);
    }
    Path sdf = Files.writeString(dir.resolve("broken.sdf"), ethanol + "broken\n  x\n\n  9  8  0  0  0  0  0  0  0  0999 V2000\n"
        + "    1.0    0.0    0.0 C   0  0\nM  END\n$$$$\n");
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> MoleculeFiles.readSmiles(sdf));
    assertTrue(e.getMessage().startsWith(sdf + ", record 2 (line 27) is not a readable molfile: "), e.getMessage());
  }

  @Test
  void corpus_keepsCanonicalUniqueMoleculesSplitByMolecule() throws IOException {
    Path smi = write("mols.smi", Stream.of("CC(=O)Oc1ccccc1C(=O)O a", "OC(=O)c1ccccc1OC(C)=O a-again",
        "Cn1cnc2c1c(=O)n(C)c(=O)n2C b", "CCO c", "not-smiles d", "c1ccc2ccccc2c1 e", "CCCCCCN f", "CCCCCCO g",
        "NCCCCCO h", "Clc1ccccc1 i", "OCCN(CC)CC j").collect(Collectors.joining("\n")));
    TrainingCorpus corpus = MoleculeFiles.corpus(List.of(smi), 64, 0.25, 1);
    assertEquals(11, corpus.read());
    assertEquals(2, corpus.dropped(), "ethanol (3 heavy atoms) and the unreadable line");
    assertEquals("2 dropped: 1 invalid SMILES, 1 under 5 heavy atoms", corpus.droppedInWords());
    assertEquals(8, corpus.unique(), "aspirin twice in two atom orders is one molecule");
    Set<String> train = corpus.train().stream().map(SequenceFiles.Entry::sequence).collect(Collectors.toSet());
    Set<String> held = corpus.heldOut().stream().map(SequenceFiles.Entry::sequence).collect(Collectors.toSet());
    assertEquals(2, held.size());
    assertTrue(held.stream().noneMatch(train::contains));
    assertTrue(corpus.provenance().startsWith("Files supplied by whoever trained this model"),
        "a test's files are not credited to ChEBI or rdkit-data: " + corpus.provenance());
    MoleculeCodec codec = new MoleculeCodec(corpus.vocabulary());
    for (SequenceFiles.Entry e : corpus.train()) {
      assertEquals(Molecules.canonical(e.sequence()), e.sequence(), "stored canonical");
      TokenState tokens = codec.parse(e.sequence(), 64);
      assertEquals(e.sequence(), codec.text(tokens), "every kept molecule reads back from its tokens");
    }
  }

  /** Tables as chemists keep them: each names its SMILES column in a header, or puts the SMILES first. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "ChEMBL export (semicolons, quoted) | '\"ChEMBL ID\";\"Name\";\"Smiles\"\n\"CHEMBL545\";\"ETHANOL\";\"CCO\"\n\"CHEMBL14060\";\"PHENOL\";\"Oc1ccccc1\"\n' | ETHANOL=CCO;PHENOL=Oc1ccccc1",
      "spreadsheet CSV, SMILES not first | 'molregno,smiles,chemblid\n1,CCO,CHEMBL545\n2,Oc1ccccc1,CHEMBL14060\n' | CHEMBL545=CCO;CHEMBL14060=Oc1ccccc1",
      "TSV with a header | 'ID\tCanonical_SMILES\tpIC50\nm1\tCCO\t5.1\nm2\tOc1ccccc1\t6\n' | m1=CCO;m2=Oc1ccccc1",
      "headerless CSV, a name with a comma | 'CCO,\"ethanol, absolute\"\nOc1ccccc1,phenol\n' | ethanol, absolute=CCO;phenol=Oc1ccccc1",
      "no name column | 'smiles,pIC50\nCCO,5\n# a comment\nOc1ccccc1,6\n' | t.csv:2=CCO;t.csv:4=Oc1ccccc1",
      "SMILES list, a comma in a name | 'CCO 2,2-ethanol\nOc1ccccc1\tphenol, pure\n' | 2,2-ethanol=CCO;phenol, pure=Oc1ccccc1"})
  void readSmiles_tables_findTheSmilesAndNameColumns(String kind, String text, String expected) throws IOException {
    Path file = write("t.csv", text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\""));
    List<String> read = MoleculeFiles.readSmiles(file).stream().map(e -> e.name() + "=" + e.sequence()).toList();
    assertEquals(List.of(expected.split(";")), read, kind);
  }

  @Test
  void readSmiles_tableRowWithoutItsSmilesColumn_namesTheLineAndTheColumn() throws IOException {
    Path file = write("short.csv", "name,smiles\nethanol,CCO\nphenol\n");
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> MoleculeFiles.readSmiles(file));
    assertEquals(file + ", line 3 has 1 column; the SMILES is column 2 ('smiles')", e.getMessage());
  }

  /** A salt's or solvate's parent: the fragment with the most heavy atoms; a single fragment has none to give. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CC(=O)Oc1ccccc1C(=O)[O-].[Na+] | CC(=O)Oc1ccccc1C(=O)[O-]",
      "Cl.CCN(CC)CC | CCN(CC)CC",
      "O.O.CC(=O)Nc1ccc(O)cc1 | CC(=O)Nc1ccc(O)cc1",
      "OC(=O)C(O)=O.CN1CCC[C@H]1c1cccnc1 | CN1CCCC1c1cccnc1"})
  void largestFragment_keepsTheParent(String salt, String parent) {
    assertEquals(java.util.Optional.of(Molecules.canonical(parent)), Molecules.largestFragment(salt));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"CCO", "c1ccccc1O", "not-smiles"})
  void largestFragment_oneFragmentOrUnreadable_isEmpty(String smiles) {
    assertEquals(java.util.Optional.empty(), Molecules.largestFragment(smiles));
  }

  /** One molecule, one token sequence: the model's naturalness and every cache see the molecule, not its spelling. */
  @Test
  void codec_parse_anySpellingOfAMolecule_givesTheTokensOfItsCanonicalSmiles() throws IOException {
    Path smi = write("few.smi", "CCO ethanol\nOc1ccccc1 phenol\nCC(=O)Nc1ccc(O)cc1 paracetamol\n");
    MoleculeCodec codec = new MoleculeCodec(MoleculeFiles.corpus(List.of(smi), 64, 0.0, 1).vocabulary());
    for (List<String> spellings : List.of(List.of("CCO", "OCC", "C(O)C", "[H]OC([H])([H])C([H])([H])[H]"),
        List.of("Oc1ccccc1", "c1ccccc1O", "OC1=CC=CC=C1", "C1=CC=C(O)C=C1"),
        List.of("CC(=O)Nc1ccc(O)cc1", "Oc1ccc(NC(C)=O)cc1", "CC(=O)NC1=CC=C(O)C=C1"))) {
      TokenState first = codec.parse(spellings.get(0), 64);
      for (String other : spellings) {
        assertEquals(first, codec.parse(other, 64), other + " against " + spellings.get(0));
      }
      assertEquals(Molecules.canonical(spellings.get(0)), codec.text(first));
    }
  }

  @Test
  void corpus_selfiesLongerThanTheModel_isDropped() throws IOException {
    Path smi = write("long.smi", "CCCCCCCCCCCCCCCCCCCC long\nCCCCCC short\n");
    TrainingCorpus corpus = MoleculeFiles.corpus(List.of(smi), 10, 0, 1);
    assertEquals(List.of("CCCCCC"), corpus.train().stream().map(SequenceFiles.Entry::sequence).toList());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void corpus_noUsableMolecule_saysSoNamingTheFiles() throws IOException {
    Path bad = write("bad.smi", "not smiles at all\nCCO.O two\n");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MoleculeFiles.corpus(List.of(bad), 64, 0.1, 1));
    assertTrue(e.getMessage().startsWith("no molecule in [" + bad + "] is usable: all 2 records"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": 1 invalid SMILES, 1 more than one fragment"), "and why: " + e.getMessage());
  }

  @Test
  void corpus_noRecords_saysTheFilesHoldNone() throws IOException {
    Path empty = write("empty.smi", "# only a comment\n\n");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MoleculeFiles.corpus(List.of(empty), 64, 0.1, 1));
    assertEquals("[" + empty + "] hold no molecule records (SMILES per line, a CSV or TSV table, ChEBI .obo or SDF)", e.getMessage());
  }

  @Test
  void parse_invalidSmiles_explainsOnOneLine() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Molecules.parse("C1CC(("));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith("'C1CC((' is not valid SMILES: "), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not_a_smiles | 'not_a_smiles' is not valid SMILES: unexpected character at position 3 ('t')",
      "C1CC | 'C1CC' is not valid SMILES: Unclosed ring detected, SMILES may be truncated at position 4 ('C')",
      "CC)C | 'CC)C' is not valid SMILES: Closing of an unopened branch, SMILES may be truncated at position 3 (')')",
      "c1cccc1 | 'c1cccc1' is not valid SMILES: a valid kekulé structure could not be assigned",
      "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC( | 'CCCCCCCCCCCCCCCC"
          + "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC... (90 characters)' is not valid SMILES: Unclosed branch detected, SMILES "
          + "may be truncated at position 90 ('(')"})
  void parse_invalidSmiles_saysWhatAndWhere(String smiles, String expected) {
    assertEquals(expected, org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Molecules.parse(smiles)).getMessage());
  }

  @Test
  void readSmiles_binaryFile_namesTheFileAndTheByte() throws IOException {
    Path binary = dir.resolve("binary.smi");
    Files.write(binary, new byte[] {'C', 'C', 'O', '\n', 'C', (byte) 0xC3, '(', '\n'});
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> MoleculeFiles.readSmiles(binary));
    assertEquals(binary + " is not UTF-8 text: byte 0xC3 on line 2 (offset 5)", e.getMessage());
  }
}
