/** Syntax: one compose short form parsed (ports, volumes, devices, units, dictionaries, include entries). */
export * from './devices';
export * from './dictionary';
export * from './include-entry';
export * from './ports';
export * from './shell-words';
export * from './units';
export * from './volumes';
