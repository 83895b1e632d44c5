export const VERSION = 'x';
