"""The title bar survives its screen closing while it looks its title up (a burst of keys
closed a just-opened screen: Textual's Header raised NoMatches and ended the app)."""

from __future__ import annotations

from pilot_keys import home_app, on_screen
from textual.widgets._header import HeaderTitle

from wbl_tui.widgets.title_header import TitleHeader


async def test_a_title_change_after_the_title_is_gone_is_harmless() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_screen(pilot, "HomeScreen")
        header = home.query_one(TitleHeader)
        assert "wbl-tui" in str(header.query_one(HeaderTitle).render())
        await header.query_one(HeaderTitle).remove()  # as when its screen is taken down
        app.sub_title = "changed"  # the header looks its title up again
        await pilot.pause(0.2)
        assert app._exception is None and app.is_running
