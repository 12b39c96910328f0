from ptce.cli import main

main()
