from medcrm.launch import main

main()
