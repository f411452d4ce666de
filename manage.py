#!/usr/bin/env python3
from ngoaivu.cli import main

if __name__ == "__main__":
    main()
