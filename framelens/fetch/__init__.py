"""Fetching coverage from the web, politely and reproducibly: URLs, feeds and sitemaps.

- ``client``: the one HTTP client (robots.txt, per-host pace, limits, retries);
- ``archive``: the WARC file fetched pages are kept in, and found again;
- ``discover``: article links from RSS/Atom feeds, XML sitemaps and lists of URLs;
- ``pages``: URL inputs of the reading commands, and ``framelens fetch``;
- ``watch``: polling feeds into a corpus store;
- ``urls``: URL spellings (imported by the readers, so it imports nothing heavy).

Nothing is imported here: the readers import ``urls`` on every run, and httpx only
loads when something is fetched.
"""
