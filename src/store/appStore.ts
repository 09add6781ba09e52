/**
 * The page's engine and its store: the one place they are made. Features import useAppStore from
 * here; unit tests make their own store around a fake engine with createAppStore.
 */
import { EngineHost } from '../engine/engineHost';
import { createAppStore } from './store';

export const engine = new EngineHost();
export const useAppStore = createAppStore(engine);

/** The state as the app starts, for resetting between tests. */
export const initialState = useAppStore.getState();
