/**
 * The dashboard's preload (sandboxed, bundled to one CommonJS file by `npm run build:app`):
 * `window.switchyard`, with exactly the contract's operations and events.
 */
import { eventTypes, operationNames, type ContractEvents, type ContractOperations } from '../../shared/contract.js';
import { exposeContract } from './expose-contract.js';

exposeContract<ContractOperations, ContractEvents>({ operations: operationNames, events: eventTypes });
