/** The agents' console: services wiring, live socket, HTTP routes and supervisor figures. */
export { startConsoleServices, type ConsoleDeps, type ConsoleServices } from './services.js';
export { consoleSocketRoute } from './socket.js';
export { addConsoleRoutes } from './routes.js';
export { SupervisorView, type SupervisorFigures } from './supervisor.js';
export { ConsoleBus } from './bus.js';
