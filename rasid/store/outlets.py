"""What the store knows of each outlet: the articles seen under its name (sightings, so a text two outlets
carried counts for both), the stories it is in, the texts it shares with other outlets, its figures."""
from __future__ import annotations

from rasid.store.rows import Tables

WHEN = "coalesce(s.published, a.fetched)"  # when an outlet carried the article, as far as known (its own date)


class OutletTables(Tables):
    def outlet_list(self) -> list[tuple[str, int, str | None, str | None]]:
        """(outlet, articles, first and last day carried), most articles first."""
        return [tuple(r) for r in self.db.execute(
            f"SELECT s.outlet, count(DISTINCT s.article) AS n, min({WHEN}), max({WHEN}) FROM sightings s"
            " JOIN articles a ON a.id = s.article WHERE s.outlet IS NOT NULL GROUP BY s.outlet ORDER BY n DESC, s.outlet")]

    def outlet_stories(self, outlet: str, limit: int) -> list[tuple[str, int]]:
        """(story, articles of the outlet in it), the stories it carried most first."""
        return [tuple(r) for r in self.db.execute(
            "SELECT sa.story, count(DISTINCT sa.article) AS n FROM story_articles sa JOIN sightings s"
            " ON s.article = sa.article WHERE s.outlet = ? GROUP BY sa.story ORDER BY n DESC, sa.story LIMIT ?",
            (outlet, limit))]

    def story_arrivals(self, outlet: str) -> list[tuple[str, str, str | None]]:
        """(story, outlet, when it first carried it) for every outlet of every story `outlet` is in."""
        return [tuple(r) for r in self.db.execute(
            f"SELECT sa.story, s.outlet, min({WHEN}) FROM story_articles sa JOIN articles a ON a.id = sa.article"
            " JOIN sightings s ON s.article = a.id WHERE s.outlet IS NOT NULL AND sa.story IN (SELECT sa2.story"
            " FROM story_articles sa2 JOIN sightings s2 ON s2.article = sa2.article WHERE s2.outlet = ?)"
            " GROUP BY sa.story, s.outlet", (outlet,))]

    def shared_texts(self) -> list[tuple[str, str, str, str | None, int, str | None]]:
        """(group, article, outlet, when, dated, url) for every text more than one outlet carried: one
        article seen under several outlets (its group is itself) or near-duplicates (their group); `dated`
        is 1 when `when` is a publication date the input gave, 0 for a fetch time or an estimate; `url`
        is the address it was carried under. Earliest first."""
        return [tuple(r) for r in self.db.execute(
            f"SELECT coalesce(d.grp, s.article) AS g, s.article, s.outlet, {WHEN},"
            " CASE WHEN s.published IS NOT NULL AND a.published_estimated = 0 THEN 1"
            " ELSE 0 END, coalesce(s.url, a.url) FROM sightings s"
            " JOIN articles a ON a.id = s.article LEFT JOIN duplicates d ON d.article = s.article"
            " WHERE s.outlet IS NOT NULL AND coalesce(d.grp, s.article) IN (SELECT coalesce(d2.grp, s2.article)"
            " FROM sightings s2 LEFT JOIN duplicates d2 ON d2.article = s2.article WHERE s2.outlet IS NOT NULL"
            " GROUP BY coalesce(d2.grp, s2.article) HAVING count(DISTINCT s2.outlet) > 1)"
            f" ORDER BY g, {WHEN} IS NULL, {WHEN}, a.rowid, s.rowid")]

    def outlet_origins(self, outlet: str) -> list[tuple[str, int]]:
        """(named source, articles of the outlet in a same-origin group that traces back to it)."""
        return [tuple(r) for r in self.db.execute(
            "SELECT o.origin, count(DISTINCT o.article) AS n FROM origins o JOIN sightings s ON s.article = o.article"
            " WHERE s.outlet = ? AND o.origin LIKE '%:%' GROUP BY o.origin ORDER BY n DESC, o.origin", (outlet,))]

    def outlet_figures(self, outlet: str) -> list[tuple[str, str, int, str]]:
        """(claim group, its kind, figure number, outlet) of every compared figure in a group where
        `outlet` gave one."""
        return [tuple(r) for r in self.db.execute(
            "SELECT gm.grp, g.kind, gm.figure, s.outlet FROM claim_group_members gm JOIN claim_groups g"
            " ON g.id = gm.grp JOIN claims c ON c.id = gm.claim JOIN sightings s ON s.article = c.article"
            " WHERE g.kind <> 'single' AND s.outlet IS NOT NULL AND gm.grp IN (SELECT gm2.grp FROM"
            " claim_group_members gm2 JOIN claims c2 ON c2.id = gm2.claim JOIN sightings s2"
            " ON s2.article = c2.article WHERE s2.outlet = ?)", (outlet,))]
