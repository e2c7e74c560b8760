/** The product's own name and version, as findings carry them (kept equal to package.json by a test). */
export const PRODUCT = { name: 'trailwatch', version: '0.1.0' } as const;
