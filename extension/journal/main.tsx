import { render } from 'preact';
import { JournalApp } from './JournalApp.js';
import './journal.css';

render(<JournalApp />, document.getElementById('app')!);
