// The resident app's sections, in the order the navigation shows them. A plain array on purpose: other parts of the
// app (the outcomes pages under /app/outcomes/) add their entries here. `href` is where the link goes; `id` is what
// the current screen names as active (see main.js and shell.js).
export const sections = [
  { id: 'homes', label: 'Homes', href: '/app/#/homes' },
  { id: 'requests', label: 'Requests', href: '/app/#/requests' },
  { id: 'help', label: 'Get help', href: '/app/#/help' },
  { id: 'outcomes-history', label: 'Past sessions', href: '/app/outcomes/' },
  { id: 'outcomes-settings', label: 'Notifications', href: '/app/outcomes/settings.html' },
  { id: 'outcomes-data', label: 'Your data', href: '/app/outcomes/data.html' },
  { id: 'outcomes-privacy', label: 'Privacy', href: '/app/outcomes/privacy.html' },
];
