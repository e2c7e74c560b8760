/** Where an object lives: the unit of work of every trailwatch function. */
export type ObjectRef = {
  bucket: string;
  key: string;
  /** Size in bytes when the notification told us. */
  size?: number;
  versionId?: string;
};
