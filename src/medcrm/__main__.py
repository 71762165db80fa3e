from medcrm.cli import main

main()
