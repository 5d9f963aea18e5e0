import sys

from akimdesk.district.cli import main

sys.exit(main())
