from framelens.cli import main

main()
