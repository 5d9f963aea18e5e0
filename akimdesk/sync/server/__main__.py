import sys

from akimdesk.sync.server.cli import main

sys.exit(main())
