"""svdd's RDKit worker: reads one SMILES per line on stdin, answers one line per molecule on stdout.

  ok<TAB>canonical SMILES<TAB>QED<TAB>SA score     for a valid single-fragment molecule
  invalid<TAB>reason                               otherwise

QED is RDKit's (Bickerton et al. 2012); the SA score (1 easy .. 10 hard) is Ertl and Schuffenhauer's
(2009), from the sascorer that Debian's rdkit-data ships. Run with --check to test the installation.
"""
import os
import sys

from rdkit import Chem, RDLogger
from rdkit.Chem import QED, RDConfig

RDLogger.DisableLog("rdApp.*")
sys.path.append(os.path.join(RDConfig.RDContribDir, "SA_Score"))
import sascorer  # noqa: E402  (found through the path above)


def describe(smiles):
    mol = Chem.MolFromSmiles(smiles, sanitize=False)
    if mol is None:
        raise ValueError("cannot parse SMILES")
    Chem.SanitizeMol(mol)
    if mol.GetNumAtoms() == 0:
        raise ValueError("no atoms")
    if len(Chem.GetMolFrags(mol)) > 1:
        raise ValueError("more than one fragment")
    return "ok\t%s\t%.6f\t%.6f" % (Chem.MolToSmiles(mol), QED.qed(mol), sascorer.calculateScore(mol))


def main():
    if sys.argv[1:] == ["--check"]:
        print(describe("CC(=O)Oc1ccccc1C(=O)O"))
        return
    for line in sys.stdin:
        try:
            out = describe(line.strip())
        except Exception as e:  # every failure is an answer: the molecule is invalid, with a reason
            reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            out = "invalid\t" + reason.replace("\t", " ")
        sys.stdout.write(out + "\n")
        sys.stdout.flush()


main()
