"""`python -m speclint` runs the same CLI as the `speclint` console script."""

from speclint.cli.entry import main

if __name__ == "__main__":
    main()
