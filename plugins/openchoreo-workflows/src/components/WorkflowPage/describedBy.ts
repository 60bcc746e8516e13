import { createContext, useContext } from 'react';

/**
 * The ids of what a field shows about itself (description, errors, help),
 * set by its FieldTemplate for the inputs, groups and fieldsets inside it.
 */
export const DescribedBy = createContext<string | undefined>(undefined);

/** The `aria-describedby` of the field being rendered. */
export const useDescribedBy = () => useContext(DescribedBy);

/** `${id}-label`: the id of a widget's own label, for the group it names. */
export const labelId = (id: string) => `${id}-label`;
