"""The guide in Kazakh and Russian: its pages (`guide`), their Markdown (`markdown`) and the page
each screen opens on F1 (`contexts`). Plain Python: the help window and the printed guide read it."""
