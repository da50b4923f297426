from imguide.cli import main

raise SystemExit(main())
