"""``python -m hrgraph`` runs the command line."""

from hrgraph.cli import main

if __name__ == "__main__":
    main()
