"""`almanac/search`: the posts and entity pages in the theme's search box, indexed by Pagefind."""
