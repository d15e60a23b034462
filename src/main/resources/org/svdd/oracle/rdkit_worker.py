"""svdd's RDKit worker: reads one SMILES per line on stdin, answers one line per molecule on stdout.

  SMILES                       ->  ok<TAB>canonical SMILES<TAB>QED<TAB>SA score   (a valid single-fragment molecule)
  embed<TAB>SMILES<TAB>seed<TAB>attempts<TAB>file  ->  ok<TAB>file            (3-D conformer written as a MOL file)
  and for either, when RDKit refuses the molecule:  ->  invalid<TAB>reason
  or when the machine fails (a file that cannot be written, no memory left):  ->  error<TAB>reason

QED is RDKit's (Bickerton et al. 2012); the SA score (1 easy .. 10 hard) is Ertl and Schuffenhauer's
(2009), from the sascorer that Debian's rdkit-data ships. Run with --check to test the installation: it
scores one molecule and names RDKit's version on a second line.
"""
import os
import sys

import rdkit
from rdkit import Chem, RDLogger
from rdkit.Chem import AllChem, QED, RDConfig

RDLogger.DisableLog("rdApp.*")
sys.path.append(os.path.join(RDConfig.RDContribDir, "SA_Score"))
import sascorer  # noqa: E402  (found through the path above)


def parse(smiles):
    """A sanitised molecule, or an error saying why RDKit refuses it."""
    mol = Chem.MolFromSmiles(smiles, sanitize=False)
    if mol is None:
        raise ValueError("cannot parse SMILES")
    Chem.SanitizeMol(mol)
    return mol


def describe(smiles):
    mol = parse(smiles)
    if mol.GetNumAtoms() == 0:
        raise ValueError("no atoms")
    if len(Chem.GetMolFrags(mol)) > 1:
        raise ValueError("more than one fragment")
    return "ok\t%s\t%.6f\t%.6f" % (Chem.MolToSmiles(mol), QED.qed(mol), sascorer.calculateScore(mol))


def embed(smiles, seed, attempts, path):
    """ETKDG conformer with a fixed seed and at most `attempts` starts (then as many from random coordinates),
    then MMFF94 (UFF where MMFF lacks parameters). Atoms are put in canonical order first, so the coordinates
    depend on the molecule, the seed and the attempts only."""
    mol = Chem.AddHs(parse(Chem.MolToSmiles(parse(smiles))))
    if AllChem.EmbedMolecule(mol, randomSeed=seed, maxAttempts=attempts) != 0:
        if AllChem.EmbedMolecule(mol, randomSeed=seed, useRandomCoords=True, maxAttempts=attempts) != 0:
            raise ValueError("no 3-D conformer found in %d attempts (a ring too strained to close?)" % (2 * attempts))
    if AllChem.MMFFHasAllMoleculeParams(mol):
        AllChem.MMFFOptimizeMolecule(mol)
    else:
        AllChem.UFFOptimizeMolecule(mol)
    positions = mol.GetConformer().GetPositions()
    if not abs(positions).sum() > 0:
        raise ValueError("all-zero coordinates")
    Chem.MolToMolFile(mol, path)
    return "ok\t" + path


def answer(line):
    fields = line.rstrip("\n").split("\t")
    if fields[0] == "embed" and len(fields) == 5:
        return embed(fields[1], int(fields[2]), int(fields[3]), fields[4])
    return describe(line.strip())


def first_line(e):
    reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return reason.replace("\t", " ")


def main():
    if sys.argv[1:] == ["--check"]:
        print(describe("CC(=O)Oc1ccccc1C(=O)O"))
        print("RDKit " + rdkit.__version__)
        return
    for line in sys.stdin:
        try:
            out = answer(line)
        except (OSError, MemoryError) as e:  # the machine's fault (a full disk, no memory): asked again, never kept
            out = "error\t" + first_line(e)
        except Exception as e:  # any other failure is RDKit's verdict: the molecule is invalid, with a reason
            out = "invalid\t" + first_line(e)
        sys.stdout.write(out + "\n")
        sys.stdout.flush()


main()
