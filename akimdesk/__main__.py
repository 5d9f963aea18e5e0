from akimdesk.cli import main

raise SystemExit(main())
