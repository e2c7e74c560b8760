const VERSION_SUFFIX = /^(.+?)(\d{8}(?:v\d+)?)$/;

/**
 * The API name of an event, without the date/version suffix Lambda adds
 * (`UpdateFunctionCode20150331v2` → `UpdateFunctionCode`, `GetFunction20150331` → `GetFunction`).
 * Rules match API names, so one rule covers every versioned spelling; alerts keep the raw name.
 * See https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html.
 * @param eventName - the record's eventName
 * @returns the name without a trailing `YYYYMMDD` or `YYYYMMDDvN`
 */
export const apiName = (eventName: string): string => {
  const match = VERSION_SUFFIX.exec(eventName);
  return match ? (match[1] as string) : eventName;
};
