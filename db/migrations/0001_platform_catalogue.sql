-- The platform catalogue belongs to every database, not only the demo: the chart routes resolve
-- slugs against it. Colours are stable so a platform looks the same in every chart.
INSERT INTO "platforms" ("slug", "name", "platform_type", "audience_metric_name", "platform_identifier", "color") VALUES
  ('spotify',        'Spotify',        'streaming', 'Streams',    'spotify',        '#3b82f6'),
  ('apple_music',    'Apple Music',    'streaming', 'Listeners',  'apple-music',    '#ef4444'),
  ('youtube',        'YouTube',        'social',    'Views',      'youtube',        '#f97316'),
  ('youtube_shorts', 'YouTube Shorts', 'social',    'Shorts',     'youtube-shorts', '#b45309'),
  ('shazam',         'Shazam',         'other',     'Shazams',    'shazam',         '#06b6d4'),
  ('tiktok',         'TikTok',         'social',    'Videos',     'tiktok',         '#ec4899'),
  ('instagram',      'Instagram',      'social',    'Reels',      'instagram',      '#a855f7'),
  ('soundcloud',     'SoundCloud',     'streaming', 'Plays',      'soundcloud',     '#f59e0b'),
  ('audiomack',      'Audiomack',      'streaming', 'Plays',      'audiomack',      '#84cc16'),
  ('genius',         'Genius',         'other',     'Page views', 'genius',         '#eab308'),
  ('gaana',          'Gaana',          'streaming', 'Favorites',  'gaana',          '#14b8a6'),
  ('jiosaavn',       'JioSaavn',       'streaming', 'Plays',      'jiosaavn',       '#10b981'),
  ('melon',          'Melon',          'streaming', 'Likes',      'melon',          '#22c55e'),
  ('line_music',     'Line Music',     'streaming', 'Streams',    'line-music',     '#65a30d'),
  ('anghami',        'Anghami',        'streaming', 'Plays',      'anghami',        '#8b5cf6'),
  ('boomplay',       'Boomplay',       'streaming', 'Favorites',  'boomplay',       '#0ea5e9'),
  ('deezer',         'Deezer',         'streaming', 'Listeners',  'deezer',         '#6366f1')
ON CONFLICT ("slug") DO NOTHING;
